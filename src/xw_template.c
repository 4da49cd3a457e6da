/* xw_template.c - the fillable XLSX template (see xlsxwrite.h). */
#include "bitacora/xlsxwrite.h"
#include "xw.h"
bt_err bt_write_template_xlsx(const char *path)
{
    (void)path;
    return BT_ERR_INTERNAL;
}
