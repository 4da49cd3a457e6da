build-vg/obj/load.o: src/load.c include/bitacora/load.h \
 include/bitacora/csvread.h include/bitacora/decode.h \
 include/bitacora/util.h include/bitacora/finding.h \
 include/bitacora/rows.h include/bitacora/model.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/check.h include/bitacora/form.h \
 include/bitacora/refdata.h include/bitacora/text.h \
 include/bitacora/xlsxread.h include/bitacora/zipfile.h
include/bitacora/load.h:
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/util.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/model.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/check.h:
include/bitacora/form.h:
include/bitacora/refdata.h:
include/bitacora/text.h:
include/bitacora/xlsxread.h:
include/bitacora/zipfile.h:
