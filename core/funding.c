#include "core/funding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

/* Words for the three public sources, folded (lowercase, no diacritics,
 * single spaces). */
static const struct {
	const char *word, *code;
} words[] = {
	{ "state", "state" }, { "state budget", "state" },
	{ "ngan sach", "state" }, { "ngan sach nha nuoc", "state" },
	{ "nsnn", "state" },
	{ "wu", "wu" }, { "women's union", "wu" }, { "womens union", "wu" },
	{ "women union", "wu" }, { "hoi phu nu", "wu" },
	{ "hoi lien hiep phu nu", "wu" }, { "hlhpn", "wu" },
	{ "vbsp", "vbsp" }, { "social policy bank", "vbsp" },
	{ "bank for social policies", "vbsp" }, { "nhcsxh", "vbsp" },
	{ "ngan hang chinh sach", "vbsp" },
	{ "ngan hang chinh sach xa hoi", "vbsp" },
};

static const struct {
	const char *code, *label;
} labels[] = {
	{ "state", N_("state budget") },
	{ "wu", N_("Women's Union") },
	{ "vbsp", N_("Social Policy Bank") },
};

/* Folded, trimmed, inner runs of blanks as one space; caller frees. */
static char *
fold_words(const char *in)
{
	char *f = text_fold(in), *t = str_trim(f), *o = f;

	for (; *t; t++) {
		if (*t == ' ' || *t == '\t') {
			if (o > f && o[-1] != ' ')
				*o++ = ' ';
		} else if (!strncmp(t, "\xe2\x80\x99", 3)) {
			*o++ = '\'';   /* a typographic apostrophe */
			t += 2;
		} else {
			*o++ = *t;
		}
	}
	*o = '\0';
	return f;
}

static const char *
public_source(const char *in)
{
	char *w = fold_words(in);
	const char *code = NULL;

	for (size_t i = 0; i < NELEM(words) && !code; i++)
		if (!strcmp(words[i].word, w))
			code = words[i].code;
	free(w);
	return code;
}

/* The NAME of "ngo:NAME" / "NGO NAME" copied trimmed into tmp, or NULL
 * when in is not of that form. */
static const char *
ngo_name(const char *in, char *tmp, size_t size)
{
	while (*in == ' ' || *in == '\t')
		in++;
	if (strncasecmp(in, "ngo", 3) || (in[3] != ':' && in[3] != ' ' &&
	    in[3] != '\t' && in[3] != '\0'))
		return NULL;
	snprintf(tmp, size, "%s", in[3] ? in + 4 : "");
	return str_trim(tmp);
}

int
funding_parse(const char *what, const char *in, char *out, size_t size)
{
	const char *code, *name;
	char tmp[512];

	if (str_empty(in))
		return error("%s: a funding source is needed (state, wu, vbsp or "
		    "ngo:NAME)", what);
	if ((code = public_source(in)) != NULL) {
		snprintf(out, size, "%s", code);
		return 0;
	}
	if (strlen(in) < sizeof tmp && (name = ngo_name(in, tmp, sizeof tmp))) {
		if (!*name)
			return error("%s: \"%s\" needs the NGO's name (ngo:NAME)",
			    what, in);
		if (!text_valid_utf8(name, strlen(name)))
			return error("%s: the NGO's name is not valid UTF-8", what);
		if (strlen(name) + 5 > size || strlen(name) + 5 > FUNDING_MAX)
			return error("%s: the NGO's name is longer than %d bytes",
			    what, FUNDING_MAX - 5);
		snprintf(out, size, "ngo:%s", name);
		return 0;
	}
	return error("%s: \"%s\" is not a funding source (use state, wu, vbsp "
	    "or ngo:NAME)", what, in);
}

int
funding_valid(const char *code)
{
	if (!code)
		return 0;
	for (size_t i = 0; i < NELEM(labels); i++)
		if (!strcmp(labels[i].code, code))
			return 1;
	return !strncmp(code, "ngo:", 4) && code[4] != '\0' &&
	    code[4] != ' ' && strlen(code) < FUNDING_MAX;
}

const char *
funding_label(const char *code, char *buf, size_t size)
{
	if (!code)
		return "";
	for (size_t i = 0; i < NELEM(labels); i++)
		if (!strcmp(labels[i].code, code))
			return _(labels[i].label);
	if (!strncmp(code, "ngo:", 4) && code[4]) {
		/* TRANSLATORS: a funding source: %s is the NGO's name. */
		snprintf(buf, size, _("NGO %s"), code + 4);
		return buf;
	}
	return code;
}
