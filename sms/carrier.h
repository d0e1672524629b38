/*
 * carrier.h - which Vietnamese network a mobile number belongs to, by its
 * prefix, so that a message goes out on a SIM of the same network
 * (on-network SMS costs less and arrives more surely).
 *
 * One table in sms/carrier.c holds the prefixes of Viettel, Vinaphone,
 * MobiFone, Vietnamobile and Gmobile; a modem's `prefixes` setting
 * replaces its carrier's (a number kept when changing network, a new
 * prefix).
 */
#ifndef SHG_CARRIER_H
#define SHG_CARRIER_H

/* The carrier of an E.164 number ("+8496..."): "viettel", "vinaphone",
 * "mobifone", "vietnamobile" or "gmobile"; NULL when none (a landline,
 * a foreign number).  Static. */
const char *carrier_of(const char *e164);

/* 1 when number is one a modem prefers: it starts with one of prefixes
 * (n of them) when n > 0, else it is on carrier (NULL or "": no
 * preference, 0). */
int carrier_prefers(const char *carrier, char *const *prefixes, int n,
    const char *number);

#endif
