/*
 * The hash check of a window of audit events, inside SQLite (issue 15, point 1: 1,000,000
 * events/s on 2 cores). The same rule as the windows of chainWindow.ts and as plainRowHash
 * (chainRow.ts), for rows read straight from their columns: no text laid out by SQL, no bytes
 * crossing into JavaScript, SHA-256 with the CPU's SHA instructions where it has them.
 *
 * mailscreen_chain_window(free_start, prev_seq, prev_hash, subject_types, modes,
 *                         hash, prev_hash, actor, at, kind, mode, payload, seq, station,
 *                         subject_id, subject_type)
 * is an aggregate over consecutive events in seq order. It says "held" only when every row is of
 * the usual form and holds:
 *   - at, actor, station, kind, subject_id, subject_type, mode and prev_hash are TEXT, valid UTF-8
 *     (no overlong form, no surrogate, nothing past U+10FFFF: what Node's isUtf8 accepts) with no
 *     '"', '\' or control byte, so JSON.stringify writes each between quotes unchanged;
 *   - subject_type and mode are among this version's words (subject_types, modes: '\n'-separated);
 *   - payload is TEXT and canonical object text of the narrow form canonicalBytes.ts accepts (no
 *     whitespace, plain strings, integers of at most 15 digits, true/false/null, keys in strictly
 *     increasing UTF-16 order where byte order is sure to be it, at most 32 levels);
 *   - seq is an INTEGER in [0, 10^15), one more than the event before (the first event's: prev_seq
 *     + 1 unless free_start);
 *   - prev_hash is the event before's stored hash (the first event's: prev_hash unless free_start);
 *   - hash is TEXT, the lower-case hex SHA-256 of prev_hash and the body
 *     {"actor":"…","at":"…","kind":"…","mode":"…","payload":…,"seq":…,"station":"…",
 *      "subjectId":"…","subjectType":"…"}, which is the text plainRowHash hashes for such a row.
 * Then its value is the text "<events>\n<first seq>\n<last seq>\n<last hash>\n<first prev_hash>";
 * otherwise NULL, and the caller reads the window as before (a NULL costs time, never a verdict).
 *
 * mailscreen_chain_window_portable is the same with the portable SHA-256 (tests hold both to the
 * JavaScript check). SQLITE_DIRECTONLY: neither can be called from a view or trigger a store holds.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define CHAIN_X86 1
#endif

/* ------------------------------------------------------------------ SHA-256 (FIPS 180-4) */

typedef void (*sha256_blocks)(uint32_t state[8], const uint8_t *data, size_t blocks);

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void blocks_portable(uint32_t s[8], const uint8_t *p, size_t blocks) {
  uint32_t w[64];
  for (; blocks > 0; blocks -= 1, p += 64) {
    for (int t = 0; t < 16; t += 1) {
      w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 | (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    }
    for (int t = 16; t < 64; t += 1) {
      uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
      uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (int t = 0; t < 64; t += 1) {
      uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K256[t] + w[t];
      uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    s[0] += a;
    s[1] += b;
    s[2] += c;
    s[3] += d;
    s[4] += e;
    s[5] += f;
    s[6] += g;
    s[7] += h;
  }
}

#ifdef CHAIN_X86
/*
 * With the SHA extensions: the state held as ABEF and CDGH, as SHA256RNDS2 takes it; four rounds
 * per step, each step's four message words made from the four before (SHA256MSG1/MSG2).
 */
__attribute__((target("sha,sse4.1,ssse3"))) static void blocks_sha_ni(uint32_t s[8], const uint8_t *p, size_t blocks) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128((const __m128i *)&s[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&s[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
  for (; blocks > 0; blocks -= 1, p += 64) {
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), byte_swap);
    __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), byte_swap);
    __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), byte_swap);
    __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), byte_swap);
    for (int step = 0; step < 16; step += 1) {
      __m128i words;
      if (step < 4) {
        words = step == 0 ? m0 : step == 1 ? m1 : step == 2 ? m2 : m3;
      } else {
        /* W[t..t+3] from W[t-16..t-1]: m0..m3 hold the last sixteen. */
        __m128i next = _mm_sha256msg1_epu32(m0, m1);
        next = _mm_add_epi32(next, _mm_alignr_epi8(m3, m2, 4));
        next = _mm_sha256msg2_epu32(next, m3);
        m0 = m1;
        m1 = m2;
        m2 = m3;
        m3 = next;
        words = next;
      }
      __m128i wk = _mm_add_epi32(words, _mm_loadu_si128((const __m128i *)&K256[4 * step]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&s[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&s[4], _mm_alignr_epi8(dchg, feba, 8));
}

static int has_sha_ni(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  const int ssse3 = (c >> 9) & 1, sse41 = (c >> 19) & 1;
  if (__get_cpuid_max(0, NULL) < 7) return 0;
  __cpuid_count(7, 0, a, b, c, d);
  return ssse3 && sse41 && ((b >> 29) & 1);
}
#endif

/* SHA-256 of m[0, n) into out; m must have room for 72 bytes more (the padding is written in place). */
static void sha256_in_place(sha256_blocks blocks, uint8_t *m, size_t n, uint8_t out[32]) {
  uint32_t s[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  size_t padded = (n + 1 + 8 + 63) / 64 * 64;
  m[n] = 0x80;
  memset(m + n + 1, 0, padded - n - 1);
  const uint64_t bits = (uint64_t)n * 8;
  for (int i = 0; i < 8; i += 1) m[padded - 1 - i] = (uint8_t)(bits >> (8 * i));
  blocks(s, m, padded / 64);
  for (int i = 0; i < 8; i += 1) {
    out[4 * i] = (uint8_t)(s[i] >> 24);
    out[4 * i + 1] = (uint8_t)(s[i] >> 16);
    out[4 * i + 2] = (uint8_t)(s[i] >> 8);
    out[4 * i + 3] = (uint8_t)s[i];
  }
}

/* ------------------------------------------------------------------ text */

/* The length of the UTF-8 sequence starting s[0] (a lead byte of 0x80 or above), or 0 if not valid. */
static size_t utf8_sequence(const uint8_t *s, size_t n) {
  const uint8_t c = s[0];
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0; /* overlong */
    if (c == 0xED && s[1] > 0x9F) return 0; /* a surrogate */
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0; /* overlong */
    if (c == 0xF4 && s[1] > 0x8F) return 0; /* past U+10FFFF */
    return 4;
  }
  return 0;
}

/* Where the plain string whose bytes start at i closes (its '"'), or -1: valid UTF-8, no '\' or control byte. */
static ptrdiff_t plain_string_end(const uint8_t *t, size_t i, size_t end) {
  while (i < end) {
    const uint8_t c = t[i];
    if (c == '"') return (ptrdiff_t)i;
    if (c < 0x80) {
      if (c < 0x20 || c == '\\') return -1;
      i += 1;
    } else {
      const size_t k = utf8_sequence(t + i, end - i);
      if (k == 0) return -1;
      i += k;
    }
  }
  return -1;
}

/* Whether s[0, n) is plain text: valid UTF-8 with no '"', '\\' or control byte. */
static int plain_text(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c < 0x80) {
      if (c < 0x20 || c == '"' || c == '\\') return 0;
      i += 1;
    } else {
      const size_t k = utf8_sequence(s + i, n - i);
      if (k == 0) return 0;
      i += k;
    }
  }
  return 1;
}

/* ------------------------------------------------------------------ canonical payload */

#define MAX_DEPTH 32
#define MAX_INTEGER_DIGITS 15
/* The first UTF-8 lead byte of U+E000 and above: where byte order and UTF-16 order may part. */
#define ORDER_UNSURE 0xEE

static int word_at(const uint8_t *t, size_t i, size_t end, const char *w, size_t n) { return i + n <= end && memcmp(t + i, w, n) == 0; }

/* Whether t[a, a_end) sorts strictly before t[b, b_end) by UTF-16 code units (0 when unsure). */
static int sorts_before(const uint8_t *t, size_t a, size_t a_end, size_t b, size_t b_end) {
  const size_t na = a_end - a, nb = b_end - b, n = na < nb ? na : nb;
  for (size_t k = 0; k < n; k += 1) {
    const uint8_t x = t[a + k], y = t[b + k];
    if (x != y) return x < y && y < ORDER_UNSURE;
  }
  return na < nb;
}

/* Where the integer at i ends (at most 15 digits, no leading zero, no '-0'), or -1. */
static ptrdiff_t integer_end(const uint8_t *t, size_t i, size_t end) {
  const size_t digits_from = t[i] == '-' ? i + 1 : i;
  if (digits_from >= end) return -1;
  const uint8_t first = t[digits_from];
  if (first == '0') return digits_from == i ? (ptrdiff_t)(i + 1) : -1;
  if (first < '1' || first > '9') return -1;
  size_t j = digits_from + 1;
  while (j < end && t[j] >= '0' && t[j] <= '9') j += 1;
  return j - digits_from <= MAX_INTEGER_DIGITS ? (ptrdiff_t)j : -1;
}

/* Whether t[0, end) is one object of the narrow canonical form (canonicalBytes.ts's canonicalObjectEnd, to the end). */
static int canonical_object(const uint8_t *t, size_t end) {
  if (end < 2 || t[0] != '{') return 0;
  if (t[1] == '}') return end == 2;
  int in_array[MAX_DEPTH];
  ptrdiff_t last_key_start[MAX_DEPTH];
  size_t last_key_end[MAX_DEPTH];
  int depth = 0;
  in_array[0] = 0;
  last_key_start[0] = -1;
  size_t i = 1;
  for (;;) {
    if (!in_array[depth]) {
      /* A key, after '{' or ','. */
      if (i >= end || t[i] != '"') return 0;
      const size_t key_start = i + 1;
      const ptrdiff_t key_end = plain_string_end(t, key_start, end);
      if (key_end < 0) return 0;
      if (last_key_start[depth] >= 0 && !sorts_before(t, (size_t)last_key_start[depth], last_key_end[depth], key_start, (size_t)key_end)) return 0;
      last_key_start[depth] = (ptrdiff_t)key_start;
      last_key_end[depth] = (size_t)key_end;
      i = (size_t)key_end + 1;
      if (i >= end || t[i] != ':') return 0;
      i += 1;
    }
    /* A value. */
    if (i >= end) return 0;
    uint8_t c = t[i];
    if (c == '"') {
      const ptrdiff_t close = plain_string_end(t, i + 1, end);
      if (close < 0) return 0;
      i = (size_t)close + 1;
    } else if (c == '{' || c == '[') {
      if (depth + 1 >= MAX_DEPTH) return 0;
      const int array = c == '[';
      i += 1;
      if (i < end && t[i] == (array ? ']' : '}')) {
        i += 1;
      } else {
        depth += 1;
        in_array[depth] = array;
        last_key_start[depth] = -1;
        continue;
      }
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const ptrdiff_t after = integer_end(t, i, end);
      if (after < 0) return 0;
      i = (size_t)after;
    } else if (c == 't' && word_at(t, i, end, "true", 4)) {
      i += 4;
    } else if (c == 'f' && word_at(t, i, end, "false", 5)) {
      i += 5;
    } else if (c == 'n' && word_at(t, i, end, "null", 4)) {
      i += 4;
    } else {
      return 0;
    }
    /* After a value: a ',' for the next one, or the closing of its container(s). */
    for (;;) {
      if (i >= end) return 0;
      c = t[i];
      if (c == ',') {
        i += 1;
        break;
      }
      if (c != (in_array[depth] ? ']' : '}')) return 0;
      i += 1;
      if (depth == 0) return i == end;
      depth -= 1;
    }
  }
}

/* ------------------------------------------------------------------ the window */

enum { A_FREE_START, A_PREV_SEQ, A_PREV_HASH, A_SUBJECT_TYPES, A_MODES, A_HASH, A_ROW_PREV_HASH, A_ACTOR, A_AT, A_KIND, A_MODE, A_PAYLOAD, A_SEQ, A_STATION, A_SUBJECT_ID, A_SUBJECT_TYPE, ARGS };

#define HASH_HEX 64
#define SEQ_LIMIT 1000000000000000LL /* 10^15: at most 15 digits, as the JavaScript window reads a seq */

typedef struct {
  int begun;
  int failed;
  sqlite3_int64 events;
  sqlite3_int64 expected_seq; /* -1: the first event's is free */
  sqlite3_int64 first_seq;
  sqlite3_int64 last_seq;
  /* The event before's hash (or the walk's prev_hash before the first event). */
  uint8_t *prev;
  size_t prev_len;
  uint8_t *first_prev;
  size_t first_prev_len;
  int first_prev_set;
  uint8_t last_hash[HASH_HEX];
  uint8_t *buf;
  size_t cap;
  uint8_t *words; /* subject types, then modes: '\n'-separated copies */
  size_t types_len, modes_len;
} Window;

static int ensure(Window *w, size_t need) {
  if (need <= w->cap) return 1;
  size_t cap = w->cap ? w->cap : 1024;
  while (cap < need) cap *= 2;
  uint8_t *buf = realloc(w->buf, cap);
  if (!buf) return 0;
  w->buf = buf;
  w->cap = cap;
  return 1;
}

static uint8_t *copy_of(const uint8_t *s, size_t n) {
  uint8_t *c = malloc(n ? n : 1);
  if (c && n) memcpy(c, s, n);
  return c;
}

/* Whether s[0, n) is one of the '\n'-separated words in list[0, len). */
static int is_word(const uint8_t *list, size_t len, const uint8_t *s, size_t n) {
  size_t i = 0;
  /* i < len: an empty list holds no word, not the empty one. */
  while (i < len) {
    size_t j = i;
    while (j < len && list[j] != '\n') j += 1;
    if (j - i == n && memcmp(list + i, s, n) == 0) return 1;
    i = j + 1;
  }
  return 0;
}

/* A TEXT argument's bytes, or NULL when it is not TEXT. */
static const uint8_t *text_of(sqlite3_value *v, size_t *n) {
  if (sqlite3_value_type(v) != SQLITE_TEXT) return NULL;
  /* The text first, then its length (SQLite's rule); NULL only when SQLite ran out of memory. */
  const uint8_t *s = sqlite3_value_text(v);
  *n = (size_t)sqlite3_value_bytes(v);
  return s;
}

static void append(uint8_t *buf, size_t *at, const void *s, size_t n) {
  memcpy(buf + *at, s, n);
  *at += n;
}

static int begin(Window *w, sqlite3_value **argv) {
  w->begun = 1;
  size_t types_n = 0, modes_n = 0, prev_n = 0;
  const uint8_t *types = text_of(argv[A_SUBJECT_TYPES], &types_n);
  const uint8_t *modes = text_of(argv[A_MODES], &modes_n);
  if (!types || !modes) return 0;
  w->words = malloc(types_n + modes_n + 1);
  if (!w->words) return 0;
  memcpy(w->words, types, types_n);
  memcpy(w->words + types_n, modes, modes_n);
  w->types_len = types_n;
  w->modes_len = modes_n;
  if (sqlite3_value_int(argv[A_FREE_START])) {
    w->expected_seq = -1;
    return 1;
  }
  if (sqlite3_value_type(argv[A_PREV_SEQ]) != SQLITE_INTEGER) return 0;
  const sqlite3_int64 prev_seq = sqlite3_value_int64(argv[A_PREV_SEQ]);
  if (prev_seq < 0 || prev_seq >= SEQ_LIMIT - 1) return 0;
  w->expected_seq = prev_seq + 1;
  const uint8_t *prev = text_of(argv[A_PREV_HASH], &prev_n);
  if (!prev) return 0;
  w->prev = copy_of(prev, prev_n);
  w->prev_len = prev_n;
  return w->prev != NULL;
}

/* Whether the row holds; it then becomes the event before. */
static int row_holds(Window *w, sha256_blocks blocks, sqlite3_value **argv) {
  size_t actor_n, at_n, kind_n, mode_n, payload_n, station_n, subject_id_n, subject_type_n, hash_n, row_prev_n;
  const uint8_t *actor = text_of(argv[A_ACTOR], &actor_n);
  const uint8_t *at = text_of(argv[A_AT], &at_n);
  const uint8_t *kind = text_of(argv[A_KIND], &kind_n);
  const uint8_t *mode = text_of(argv[A_MODE], &mode_n);
  const uint8_t *payload = text_of(argv[A_PAYLOAD], &payload_n);
  const uint8_t *station = text_of(argv[A_STATION], &station_n);
  const uint8_t *subject_id = text_of(argv[A_SUBJECT_ID], &subject_id_n);
  const uint8_t *subject_type = text_of(argv[A_SUBJECT_TYPE], &subject_type_n);
  const uint8_t *hash = text_of(argv[A_HASH], &hash_n);
  const uint8_t *row_prev = text_of(argv[A_ROW_PREV_HASH], &row_prev_n);
  if (!actor || !at || !kind || !mode || !payload || !station || !subject_id || !subject_type || !hash || !row_prev) return 0;
  if (sqlite3_value_type(argv[A_SEQ]) != SQLITE_INTEGER) return 0;
  const sqlite3_int64 seq = sqlite3_value_int64(argv[A_SEQ]);
  if (seq < 0 || seq >= SEQ_LIMIT) return 0;
  if (w->expected_seq >= 0 && seq != w->expected_seq) return 0;
  if (hash_n != HASH_HEX) return 0;
  /* The link: the first event's to the walk's prev_hash (unless free), every other's to the event before's hash. */
  if (!plain_text(row_prev, row_prev_n)) return 0;
  if (w->events > 0 || w->expected_seq >= 0) {
    if (row_prev_n != w->prev_len || memcmp(row_prev, w->prev, row_prev_n) != 0) return 0;
  }
  if (!is_word(w->words, w->types_len, subject_type, subject_type_n) || !is_word(w->words + w->types_len, w->modes_len, mode, mode_n)) return 0;
  if (!plain_text(actor, actor_n) || !plain_text(at, at_n) || !plain_text(kind, kind_n) || !plain_text(station, station_n) || !plain_text(subject_id, subject_id_n)) return 0;
  if (!plain_text(subject_type, subject_type_n) || !plain_text(mode, mode_n)) return 0;
  if (!canonical_object(payload, payload_n)) return 0;

  /* prev_hash, then the body, as plainRowHash writes it: each field after the text before it. */
  char seq_text[24];
  sqlite3_snprintf(sizeof seq_text, seq_text, "%lld", seq);
  const struct {
    const char *before;
    const uint8_t *field;
    size_t n;
  } body[] = {
      {"", row_prev, row_prev_n},
      {"{\"actor\":\"", actor, actor_n},
      {"\",\"at\":\"", at, at_n},
      {"\",\"kind\":\"", kind, kind_n},
      {"\",\"mode\":\"", mode, mode_n},
      {"\",\"payload\":", payload, payload_n},
      {",\"seq\":", (const uint8_t *)seq_text, strlen(seq_text)},
      {",\"station\":\"", station, station_n},
      {"\",\"subjectId\":\"", subject_id, subject_id_n},
      {"\",\"subjectType\":\"", subject_type, subject_type_n},
      {"\"}", (const uint8_t *)"", 0},
  };
  const size_t parts = sizeof body / sizeof body[0];
  size_t n = 0;
  for (size_t i = 0; i < parts; i += 1) n += strlen(body[i].before) + body[i].n;
  /* Room for SHA-256's padding after the text (sha256_in_place writes it there). */
  if (!ensure(w, n + 72)) return 0;
  uint8_t *b = w->buf;
  size_t k = 0;
  for (size_t i = 0; i < parts; i += 1) {
    append(b, &k, body[i].before, strlen(body[i].before));
    append(b, &k, body[i].field, body[i].n);
  }
  uint8_t digest[32];
  sha256_in_place(blocks, b, k, digest);
  static const char hex[] = "0123456789abcdef";
  uint8_t digest_hex[HASH_HEX];
  for (int i = 0; i < 32; i += 1) {
    digest_hex[2 * i] = (uint8_t)hex[digest[i] >> 4];
    digest_hex[2 * i + 1] = (uint8_t)hex[digest[i] & 15];
  }
  if (memcmp(digest_hex, hash, HASH_HEX) != 0) return 0;

  if (w->events == 0) {
    w->first_seq = seq;
    w->first_prev = copy_of(row_prev, row_prev_n);
    if (!w->first_prev) return 0;
    w->first_prev_len = row_prev_n;
    w->first_prev_set = 1;
  }
  w->events += 1;
  w->last_seq = seq;
  w->expected_seq = seq + 1;
  memcpy(w->last_hash, digest_hex, HASH_HEX);
  if (w->prev_len != HASH_HEX) {
    free(w->prev);
    w->prev = malloc(HASH_HEX);
    if (!w->prev) return 0;
    w->prev_len = HASH_HEX;
  }
  memcpy(w->prev, digest_hex, HASH_HEX);
  return 1;
}

static void window_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Window *w = sqlite3_aggregate_context(ctx, sizeof(Window));
  if (!w) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  if (argc != ARGS || w->failed) return;
  if (!w->begun && !begin(w, argv)) {
    w->failed = 1;
    return;
  }
  if (!row_holds(w, (sha256_blocks)sqlite3_user_data(ctx), argv)) w->failed = 1;
}

static void window_final(sqlite3_context *ctx) {
  Window *w = sqlite3_aggregate_context(ctx, 0);
  if (!w) {
    sqlite3_result_null(ctx);
    return;
  }
  if (!w->failed && w->events > 0 && w->first_prev_set) {
    char *text = sqlite3_mprintf("%lld\n%lld\n%lld\n%.64s\n%.*s", w->events, w->first_seq, w->last_seq, (const char *)w->last_hash, (int)w->first_prev_len, (const char *)w->first_prev);
    if (text) sqlite3_result_text(ctx, text, -1, sqlite3_free);
    else sqlite3_result_error_nomem(ctx);
  } else {
    sqlite3_result_null(ctx);
  }
  free(w->prev);
  free(w->first_prev);
  free(w->buf);
  free(w->words);
}

/* mailscreen_chain_sha_ni(): 1 when mailscreen_chain_window hashes with the SHA instructions. */
static void sha_ni_used(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_int(ctx, sqlite3_user_data(ctx) != NULL);
}

__attribute__((visibility("default"))) int sqlite3_mailscreenchain_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)error;
  sha256_blocks fastest = blocks_portable;
#ifdef CHAIN_X86
  if (has_sha_ni()) fastest = blocks_sha_ni;
#endif
  const int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY;
  int rc = sqlite3_create_function(db, "mailscreen_chain_window", ARGS, flags, (void *)fastest, NULL, window_step, window_final);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "mailscreen_chain_window_portable", ARGS, flags, (void *)blocks_portable, NULL, window_step, window_final);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "mailscreen_chain_sha_ni", 0, flags, (void *)(uintptr_t)(fastest != blocks_portable), sha_ni_used, NULL, NULL);
  return rc;
}
