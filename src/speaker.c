/*
 * speaker.c - telling a speaker label ("Dana: ", "**Dana**: ") from a
 * content label ("Decision: ", "ACTION: "); interface in speaker.h.
 *
 * Speaker labels are a heuristic: one to three capitalised words (or
 * initials, or bold text), optionally "(Team)", then ':' and a space. Words
 * that label content rather than people ("Outcome:", "Decision:",
 * "ACTION:") are excluded by a list; a label with a lowercase word
 * ("Next steps:") is never a speaker.
 *
 * Cost: every line of every note that opens with a capital is asked, so
 * the colon is looked for before the list, and the list is sorted and
 * searched by bisection rather than walked.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "coalesce/speaker.h"

/*
 * Labels that name content, not a person. Lowercase, compared
 * case-insensitively, and kept sorted bytewise (each entry once):
 * stop_label() searches it by bisection (cz_speaker_stoplist_sorted()).
 */
static const char *const not_speakers[] = {
	"a", "absent", "accountability", "action", "actions", "after", "agenda",
	"agreed", "announcements", "answer", "aob", "apologies", "approach", "approval",
	"approvals", "aside", "ask", "asks", "assumptions", "attendance", "attendees",
	"background", "before", "beta", "blocker", "blockers", "budget", "capacity",
	"caveat", "caveats", "cc", "chair", "clarification", "comment", "comments",
	"commitment", "commitments", "concern", "concerns", "conclusion", "conclusions",
	"cons", "consensus", "constraint", "constraints", "context", "contract",
	"correction", "cost", "costs", "credit", "customers", "data", "date", "dates",
	"deadline", "decided", "decision", "decisions", "demo", "dependencies",
	"dependency", "discussion", "done", "due", "edit", "escalation", "eta",
	"example", "facilitator", "feedback", "follow-up", "followup", "friday", "fyi",
	"general", "goal", "goals", "guardrails", "guests", "headcount", "heads-up",
	"highlights", "hiring", "host", "how", "idea", "ideas", "important", "interests",
	"intro", "introduction", "issue", "issues", "kpis", "kudos", "later", "launch",
	"learnings", "lessons", "link", "links", "location", "logistics", "lowlights",
	"metrics", "minutes", "misc", "monday", "nb", "news", "next", "note", "notes",
	"notetaker", "now", "numbers", "objective", "objectives", "observation",
	"observations", "okrs", "option", "options", "other", "outcome", "outcomes",
	"overview", "owner", "owners", "parties", "pilot", "plan", "present", "pricing",
	"priorities", "priority", "problem", "process", "proposal", "pros", "ps",
	"purpose", "q", "question", "questions", "rationale", "re", "recap", "release",
	"reminder", "request", "requests", "requirements", "result", "results", "retro",
	"review", "risk", "risks", "roadmap", "rollout", "schedule", "scope", "scribe",
	"shoutouts", "sign-off", "signoff", "source", "staffing", "stats", "status",
	"subject", "summary", "takeaway", "takeaways", "tbd", "then", "thursday",
	"ticket", "time", "timeline", "timing", "tl;dr", "tldr", "today", "todo",
	"tomorrow", "topic", "topics", "trade-off", "trade-offs", "tradeoff",
	"tradeoffs", "travel", "tuesday", "update", "updates", "url", "vendor",
	"vendors", "venue", "verdict", "warning", "wednesday", "what", "when", "where",
	"who", "why", "why now", "wins", "yesterday",
};

bool cz_name_start(const unsigned char *p)
{
	/* ASCII capitals, or any non-ASCII letter (accented names). */
	return (*p >= 'A' && *p <= 'Z') || *p >= 0xC3;
}

bool cz_name_char(unsigned char ch)
{
	return isalpha(ch) || ch >= 0x80 || ch == '\'' || ch == '-' || ch == '.';
}

/*
 * Compare s[0..n), folded to lowercase (ASCII: the C locale folds nothing
 * else), with the NUL-terminated w bytewise; strcmp's sign convention.
 */
static int label_cmp(const char *s, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i], d = (unsigned char)w[i];
		if (!d) /* w is a proper prefix: s sorts after it */
			return 1;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != d)
			return c < d ? -1 : 1;
	}
	return w[n] ? -1 : 0;
}

bool cz_word_is(const char *s, size_t n, const char *lower)
{
	return !label_cmp(s, n, lower);
}

/* Whether s[0..n) is in not_speakers. Called for every label-like line. */
static bool stop_label(const char *s, size_t n)
{
	size_t lo = 0, hi = sizeof(not_speakers) / sizeof(not_speakers[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = label_cmp(s, n, not_speakers[mid]);
		if (!c)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

bool cz_speaker_stoplist_sorted(void)
{
	for (size_t i = 1; i < sizeof(not_speakers) / sizeof(not_speakers[0]); i++)
		if (strcmp(not_speakers[i - 1], not_speakers[i]) >= 0)
			return false;
	return true;
}

/*
 * Plain "Dana", "Dana Kim", "AB", "Dana (Finance)" ending before ':'.
 * OUT *words_len: the length of the words alone (without "(Team)"), which
 * the caller checks against not_speakers once it has seen the colon: most
 * lines open with a capitalised word and no colon.
 */
static bool plain_name(const char *s, size_t n, size_t *name_len, size_t *words_len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, words = 0, letters_total = 0;
	bool all_caps = true;

	while (i < n && words < 3) {
		size_t w0 = i;
		if (!cz_name_start(p + i))
			return false;
		while (i < n && cz_name_char(p[i])) {
			if (p[i] >= 'a' && p[i] <= 'z')
				all_caps = false;
			i++;
		}
		letters_total += i - w0;
		words++;
		if (i < n && p[i] == ' ' && i + 1 < n && cz_name_start(p + i + 1))
			i++;
		else
			break;
	}
	if (i == 0 || letters_total > 40)
		return false;
	/* ACTION:, TODO:, DECISION: are labels; AB: and ABC: are initials. */
	if (all_caps && words == 1 && i > 4)
		return false;
	*words_len = i;
	*name_len = i;
	if (i + 1 < n && p[i] == ' ' && p[i + 1] == '(') {
		size_t j = i + 2;
		while (j < n && j < i + 32 && p[j] != ')' && p[j] != '\n')
			j++;
		if (j < n && p[j] == ')')
			*name_len = j + 1;
	}
	return true;
}

bool cz_speaker_label(const char *line, size_t n, size_t *name, size_t *name_len,
		      size_t *label_len)
{
	size_t nl, colon, words;

	if (n >= 5 && line[0] == '*' && line[1] == '*') {
		/* **Name**: text, or **Name:** text */
		const char *close = NULL;
		for (size_t i = 2; i + 1 < n && i < 2 + CZ_SPEAKER_MAX; i++)
			if (line[i] == '*' && line[i + 1] == '*') {
				close = line + i;
				break;
			}
		if (!close)
			return false;
		nl = (size_t)(close - line) - 2;
		colon = (size_t)(close - line) + 2;
		if (nl > 0 && line[2 + nl - 1] == ':') {
			nl--;
			colon--;
		} else if (colon < n && line[colon] == ':') {
			/* the colon follows the bold text */
		} else {
			return false;
		}
		if (nl == 0 || stop_label(line + 2, nl) || !cz_name_start((const unsigned char *)line + 2))
			return false;
		for (size_t i = 2; i < 2 + nl; i++)
			if (line[i] == ':' || line[i] == '\n')
				return false;
		if (colon + 1 < n && line[colon + 1] != ' ')
			return false;
		*name = 2;
		*name_len = nl;
		*label_len = colon + 1 < n ? colon + 2 : colon + 1;
		if (line[colon] == '*') /* "**Name:**" form: skip the closing stars */
			*label_len = colon + 3 < n ? colon + 4 : n;
		return true;
	}
	if (!plain_name(line, n, &nl, &words))
		return false;
	if (nl >= n || line[nl] != ':' || (nl + 1 < n && line[nl + 1] != ' '))
		return false;
	if (nl + 1 >= n) /* "Dana:" alone on a line introduces nothing to match */
		return false;
	if (stop_label(line, words))
		return false;
	*name = 0;
	*name_len = nl;
	*label_len = nl + 2;
	return true;
}
