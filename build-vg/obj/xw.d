build-vg/obj/xw.o: src/xw.c src/xw.h include/bitacora/model.h \
 include/bitacora/finding.h include/bitacora/util.h \
 include/bitacora/rows.h include/bitacora/template.h \
 include/bitacora/value.h include/bitacora/check.h \
 include/bitacora/text.h include/bitacora/xlsxread.h \
 include/bitacora/zipfile.h
src/xw.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/check.h:
include/bitacora/text.h:
include/bitacora/xlsxread.h:
include/bitacora/zipfile.h:
