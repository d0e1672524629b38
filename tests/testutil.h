/*
 * testutil.h - shared fixtures for the cmocka test programs.
 */
#ifndef SHG_TESTUTIL_H
#define SHG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* A fresh temporary directory; caller frees the path. Removed with
 * test_rmdir(). */
static inline char *
test_tmpdir(void)
{
	char *p = strdup("/tmp/shg-test-XXXXXX");
	if (!p || !mkdtemp(p))
		abort();
	return p;
}

static inline void
test_rmdir(char *path)
{
	char cmd[600];
	if (!path)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	free(path);
}

#endif
