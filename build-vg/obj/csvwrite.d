build-vg/obj/csvwrite.o: src/csvwrite.c include/bitacora/csvwrite.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/rows.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/refdata.h include/bitacora/text.h
include/bitacora/csvwrite.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/refdata.h:
include/bitacora/text.h:
