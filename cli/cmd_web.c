/*
 * shg web: the web interface for organisers.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "web/web.h"

static int
cmd_web(struct shg *shg, int argc, char **argv)
{
	const char *listen = NULL;
	struct opt opts[] = { { "listen", &listen, NULL },
		{ NULL, NULL, NULL } };
	struct web w = { .db = shg->db, .conf = &shg->conf,
		.idle_minutes = shg->conf.web_session_idle_minutes };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	db_set_actor(shg->db, "web", "web");
	return web_serve(&w, listen ? listen : shg->conf.web_listen);
}

const struct cmd web_cmds[] = {
	{ "web", cmd_web, CMD_DB, "[--listen ADDR:PORT]",
	  N_("Serve the web interface for organisers\n"
	  "Listens on --listen, else web.listen (127.0.0.1:8080); HTTPS when\n"
	  "web.tls_cert and web.tls_key name a certificate and its key, else\n"
	  "plain HTTP for a reverse proxy in front. Stops on SIGINT or SIGTERM.") },
	{ NULL, NULL, 0, NULL, NULL },
};
