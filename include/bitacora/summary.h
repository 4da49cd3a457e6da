/*
 * summary.h - many territories in little memory.
 *
 * A national run holds every territory from reading to the last workbook:
 * duplicates, the roster, the comparison, the national workbook and the
 * fingerprints look across all of them.  Whole, 10,000 logbooks take over
 * 600 MB, most of it the long texts (sessions, planning, evaluation) that
 * only a territory's own workbook, its region's and csv/ show.  So past a
 * budget (bt_batch's hold_bytes) a territory loaded is cut to its summary,
 * in place: identity, figures, names of the staff, findings; and whoever
 * needs the rest (the writers of those three outputs) reads the file again
 * with bt_territory_whole().  Reading is deterministic, so the outputs are
 * byte for byte those of a run that held everything (test_e2e
 * summaries_change_nothing); a file whose bytes changed in between is
 * refused, never mixed in.
 */
#ifndef BITACORA_SUMMARY_H
#define BITACORA_SUMMARY_H

#include "bitacora/load.h"
#include "bitacora/model.h"

/* Memory a territory holds (its arena, its findings). */
size_t bt_territory_bytes(const bt_territory *t);

/* Cut t to its summary (model.h says what stays), to be read again with
 * tpl and opt, which must outlive t.  Only a readable territory loaded
 * from a file is cut; others are left whole.  Done right after loading:
 * pointers into the territory's strings taken before are left dangling.
 * BT_ERR_NOMEM leaves t whole. */
bt_err bt_territory_summarize(bt_territory *t, const bt_tpl *tpl, const bt_load_options *opt);

/* The whole territory of summary t in *out (the caller's, freed with
 * bt_territory_free before t goes): its file read again, with t's
 * findings (those the batch added across files too) and all the batch
 * decided about it.  *out is NULL when t is whole already: use t.
 * BT_ERR_NOMEM, or BT_ERR_INPUT_CHANGED when the file no longer holds
 * the bytes first read. */
bt_err bt_territory_whole(const bt_territory *t, bt_territory **out);

/* The digest of t's canonical content (csvwrite.h): equal for two files
 * that say the same (duplicates).  Kept by the summary. */
bt_err bt_territory_content_digest(const bt_territory *t, bt_digest *out);

#endif
