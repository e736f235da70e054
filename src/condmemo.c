/*
 * condmemo.c - remembered require/unless answers within one note (see
 * condmemo.h).
 *
 * Keys: conditions are numbered in rule-set order; each takes the key of
 * the first equal one before it (same text, same case flag), found by a
 * quadratic search once per memo (a few hundred conditions). Answers: an
 * open-addressing table of MEMO_SLOTS slots probed MEMO_PROBES deep, a
 * slot being empty when its generation is not the current one, so moving
 * to the next note is one increment.
 */
#include <stdlib.h>
#include <string.h>

#include "coalesce/condmemo.h"

#define MEMO_SLOTS 1024u /* a power of two */
#define MEMO_PROBES 4

typedef struct slot {
	uint32_t gen, key;
	size_t a, b;
	bool yes;
} slot;

struct cz_condmemo {
	size_t *first;  /* per rule: its first condition's index in key[] */
	uint32_t *key;  /* per condition of the rule set */
	slot *slots;
	uint32_t gen;   /* slots of another generation are empty */
	cz_condmemo_stats stats;
};

const cz_rpat *cz_cond_at(const cz_rule *r, size_t q)
{
	return q < r->n_require ? &r->require[q] : &r->unless[q - r->n_require];
}

static size_t n_conds(const cz_rule *r)
{
	return r->n_require + r->n_unless;
}

/* The key of condition k (rule i, q): that of the first equal one. */
static uint32_t first_equal(const cz_condmemo *cm, const cz_ruleset *rs, size_t i, size_t q,
			    size_t k)
{
	const cz_rule *r = rs->rules[i];
	const cz_rpat *p = cz_cond_at(r, q);

	for (size_t j = 0; j <= i; j++) {
		const cz_rule *rj = rs->rules[j];
		for (size_t qj = 0; qj < n_conds(rj) && cm->first[j] + qj < k; qj++)
			if (rj->caseless == r->caseless && !strcmp(cz_cond_at(rj, qj)->text, p->text))
				return cm->key[cm->first[j] + qj];
	}
	return (uint32_t)k;
}

cz_rc cz_condmemo_new(cz_condmemo **out, const cz_ruleset *rs, cz_err *err)
{
	cz_condmemo *cm = calloc(1, sizeof(*cm));
	size_t n = 0;

	if (cm) {
		cm->first = calloc(rs->n + 1, sizeof(*cm->first));
		for (size_t i = 0; i < rs->n; i++)
			n += n_conds(rs->rules[i]);
		cm->key = calloc(n + 1, sizeof(*cm->key));
		cm->slots = calloc(MEMO_SLOTS, sizeof(*cm->slots));
	}
	if (!cm || !cm->first || !cm->key || !cm->slots) {
		cz_condmemo_free(cm);
		return cz_err_set(err, CZ_ENOMEM, "out of memory");
	}
	n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		cm->first[i] = n;
		for (size_t q = 0; q < n_conds(rs->rules[i]); q++, n++)
			cm->key[n] = first_equal(cm, rs, i, q, n);
	}
	cm->gen = 1; /* slots start at 0: empty */
	*out = cm;
	return CZ_OK;
}

void cz_condmemo_free(cz_condmemo *cm)
{
	if (!cm)
		return;
	free(cm->first);
	free(cm->key);
	free(cm->slots);
	free(cm);
}

uint32_t cz_condmemo_key(const cz_condmemo *cm, size_t rule, size_t q)
{
	return cm->key[cm->first[rule] + q];
}

void cz_condmemo_next_note(cz_condmemo *cm)
{
	if (++cm->gen == 0) { /* wrapped: old generations would look current */
		memset(cm->slots, 0, MEMO_SLOTS * sizeof(*cm->slots));
		cm->gen = 1;
	}
}

static size_t home(uint32_t key, size_t a, size_t b)
{
	return ((size_t)key * 0x9E3779B1u ^ a * 31u ^ b) & (MEMO_SLOTS - 1);
}

bool cz_condmemo_get(cz_condmemo *cm, uint32_t key, size_t a, size_t b, bool *yes)
{
	size_t h = home(key, a, b);

	cm->stats.asked++;
	for (size_t i = 0; i < MEMO_PROBES; i++) {
		const slot *s = &cm->slots[(h + i) & (MEMO_SLOTS - 1)];
		if (s->gen == cm->gen && s->key == key && s->a == a && s->b == b) {
			cm->stats.answered++;
			*yes = s->yes;
			return true;
		}
	}
	return false;
}

void cz_condmemo_put(cz_condmemo *cm, uint32_t key, size_t a, size_t b, bool yes)
{
	size_t h = home(key, a, b);

	for (size_t i = 0; i < MEMO_PROBES; i++) {
		slot *s = &cm->slots[(h + i) & (MEMO_SLOTS - 1)];
		if (s->gen != cm->gen) {
			*s = (slot){ cm->gen, key, a, b, yes };
			return;
		}
	}
}

cz_condmemo_stats cz_condmemo_stats_of(const cz_condmemo *cm)
{
	return cm->stats;
}
