/*
 * xlsxwrite.h - the workbooks bitacora writes (libxlsxwriter).
 *
 * Each function writes one complete workbook to `path` (the caller writes
 * to a temporary name and renames it; see writepool.h) and checks it:
 * every libxlsxwriter return code, then the package (bt_xlsx_verify).
 * Errors: BT_ERR_NOMEM, BT_ERR_WRITE or BT_ERR_TMPFILE (errno says why),
 * BT_ERR_XLSX (the library refused a call), BT_ERR_VERIFY.  The model is only
 * read.  Layout of each workbook: README.md, "Salidas".
 */
#ifndef BITACORA_XLSXWRITE_H
#define BITACORA_XLSXWRITE_H

#include "bitacora/model.h"

/* A region's territories for one period, as the output plan groups them.
 * items holds every territory of the region: counted or not, readable or
 * not (bt_counted() tells). */
struct bt_reports;

typedef struct {
    int region;                 /* index (refdata.h) */
    int period;                 /* 0 when unknown */
    bt_territory **items;
    size_t n;
    const struct bt_reports *reports; /* the run's coverage and comparison
                                       * (report.h), or NULL */
} bt_region_group;

/* A whole run for one period: its regions, plus the territories whose
 * region is unknown. */
typedef struct {
    int period;
    bt_region_group *regions;
    size_t nregions;
    bt_territory **orphans;
    size_t norphans;
    const struct bt_reports *reports; /* as in bt_region_group */
} bt_period_group;

bt_err bt_write_territory_xlsx(const bt_territory *t, const char *path);
bt_err bt_write_region_xlsx(const bt_region_group *g, const char *path);
bt_err bt_write_national_xlsx(const bt_period_group *p, const char *path);
/* The fillable template, from the template description. */
bt_err bt_write_template_xlsx(const char *path);

/* Where libxlsxwriter puts the temporary files it assembles each workbook
 * from (its tmpdir option; NULL: its own choice, $TMPDIR then /tmp).  It
 * creates each one and removes its name at once, so none is left behind
 * even by a process that dies.  The string must outlive the writes. */
void bt_xlsxwrite_set_tmpdir(const char *dir);
const char *bt_xlsxwrite_tmpdir(void);

/* "libxlsxwriter 1.1.4": the library's version as loaded, which decides
 * the bytes of every workbook (fingerprint.h). */
const char *bt_xlsxwrite_identity(void);

#endif
