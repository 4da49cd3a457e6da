build-vg/obj/xw_territory.o: src/xw_territory.c \
 include/bitacora/refdata.h include/bitacora/util.h \
 include/bitacora/template.h include/bitacora/xlsxwrite.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/value.h src/xw.h
include/bitacora/refdata.h:
include/bitacora/util.h:
include/bitacora/template.h:
include/bitacora/xlsxwrite.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/value.h:
src/xw.h:
