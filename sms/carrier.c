/*
 * Vietnamese mobile prefixes (after +84) by network, as numbered since
 * the 2018 move from 11 to 10 digits.
 */
#include "sms/carrier.h"

#include <string.h>

#include "core/util.h"

static const struct {
	const char *carrier;
	const char *prefixes[12];
} networks[] = {
	{ "viettel", { "+8486", "+8496", "+8497", "+8498", "+8432", "+8433",
	  "+8434", "+8435", "+8436", "+8437", "+8438", "+8439" } },
	{ "vinaphone", { "+8488", "+8491", "+8494", "+8481", "+8482",
	  "+8483", "+8484", "+8485" } },
	{ "mobifone", { "+8489", "+8490", "+8493", "+8470", "+8476",
	  "+8477", "+8478", "+8479" } },
	{ "vietnamobile", { "+8492", "+8456", "+8458", "+8452" } },
	{ "gmobile", { "+8499", "+8459" } },
};

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *
carrier_of(const char *e164)
{
	if (!e164)
		return NULL;
	for (size_t i = 0; i < NELEM(networks); i++)
		for (size_t k = 0; k < NELEM(networks[i].prefixes) &&
		    networks[i].prefixes[k]; k++)
			if (starts(e164, networks[i].prefixes[k]))
				return networks[i].carrier;
	return NULL;
}

int
carrier_prefers(const char *carrier, char *const *prefixes, int n,
    const char *number)
{
	const char *c;

	for (int i = 0; i < n; i++)
		if (starts(number, prefixes[i]))
			return 1;
	if (n > 0 || !carrier || !*carrier)
		return 0;
	c = carrier_of(number);
	return c && !strcmp(c, carrier);
}
