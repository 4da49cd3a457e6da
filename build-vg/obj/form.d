build-vg/obj/form.o: src/form.c include/bitacora/form.h \
 include/bitacora/model.h include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/rows.h \
 include/bitacora/template.h include/bitacora/value.h \
 include/bitacora/text.h
include/bitacora/form.h:
include/bitacora/model.h:
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/rows.h:
include/bitacora/template.h:
include/bitacora/value.h:
include/bitacora/text.h:
