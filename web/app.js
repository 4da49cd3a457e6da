/* app.js - what the page adds when JavaScript runs: drag and drop of
 * files or a folder, the list of what was chosen, an upload progress bar,
 * and each file's modification date (sent as «modificado» before it, so
 * the workbooks can say when it was received).  Without it the form is a
 * plain post and works the same. */
(function () {
    'use strict';
    document.documentElement.className += ' js';

    var form = document.getElementById('formulario');
    if (!form || !window.FormData || !window.XMLHttpRequest) return;

    var input = document.getElementById('archivos');
    var zona = document.getElementById('zona');
    var lista = document.getElementById('elegidos');
    var enviar = document.getElementById('enviar');
    var progreso = document.getElementById('progreso');
    var barra = document.getElementById('barra');
    var texto = document.getElementById('progreso-texto');
    var aviso = document.getElementById('aviso-error');
    var elegidos = [];   /* {file, nombre}: what will be sent */

    function mb(n) {
        if (n === 0)
            return 'vacío';
        if (n < 1048576)
            return Math.max(1, Math.round(n / 1024)).toLocaleString('es-CL') + ' KB';
        return (n / 1048576).toLocaleString('es-CL', {maximumFractionDigits: 1}) + ' MB';
    }

    function mostrar() {
        while (lista.firstChild) lista.removeChild(lista.firstChild);
        var total = 0;
        elegidos.forEach(function (e) {
            var li = document.createElement('li');
            li.textContent = e.nombre + ' (' + mb(e.file.size) + ')';
            lista.appendChild(li);
            total += e.file.size;
        });
        lista.hidden = elegidos.length === 0;
        if (elegidos.length) {
            var li = document.createElement('li');
            li.className = 'ayuda';
            li.textContent = elegidos.length + (elegidos.length === 1 ? ' archivo, ' : ' archivos, ') + mb(total) + ' en total.';
            lista.appendChild(li);
        }
        /* Dropped files are not in the input: it need not be filled. */
        input.required = elegidos.length === 0;
    }

    input.addEventListener('change', function () {
        elegidos = [];
        for (var i = 0; i < input.files.length; i++) {
            var f = input.files[i];
            elegidos.push({file: f, nombre: f.webkitRelativePath || f.name});
        }
        mostrar();
    });

    /* A dropped folder: every file under it, named by its path inside. */
    function leerEntrada(entry, salida, listo) {
        if (entry.isFile) {
            entry.file(function (f) {
                salida.push({file: f, nombre: entry.fullPath.replace(/^\//, '')});
                listo();
            }, listo);
        } else if (entry.isDirectory) {
            var lector = entry.createReader();
            var hijos = [];
            var leerMas = function () {
                lector.readEntries(function (parte) {
                    if (!parte.length) {
                        var pendientes = hijos.length;
                        if (!pendientes) return listo();
                        hijos.forEach(function (h) {
                            leerEntrada(h, salida, function () {
                                if (--pendientes === 0) listo();
                            });
                        });
                        return;
                    }
                    hijos = hijos.concat(Array.prototype.slice.call(parte));
                    leerMas();
                }, listo);
            };
            leerMas();
        } else {
            listo();
        }
    }

    ['dragenter', 'dragover'].forEach(function (ev) {
        zona.addEventListener(ev, function (e) {
            e.preventDefault();
            zona.classList.add('encima');
        });
    });
    ['dragleave', 'dragend'].forEach(function (ev) {
        zona.addEventListener(ev, function () { zona.classList.remove('encima'); });
    });
    zona.addEventListener('drop', function (e) {
        e.preventDefault();
        zona.classList.remove('encima');
        var dt = e.dataTransfer;
        var nuevos = [];
        var items = dt.items && dt.items.length && dt.items[0].webkitGetAsEntry ? dt.items : null;
        if (!items) {
            for (var i = 0; i < dt.files.length; i++)
                nuevos.push({file: dt.files[i], nombre: dt.files[i].name});
            elegidos = elegidos.concat(nuevos);
            return mostrar();
        }
        var entradas = [];
        for (var k = 0; k < items.length; k++) {
            var en = items[k].webkitGetAsEntry();
            if (en) entradas.push(en);
        }
        var pendientes = entradas.length;
        if (!pendientes) {     /* items that are no entries (made by a script): the files */
            for (var j = 0; j < dt.files.length; j++)
                nuevos.push({file: dt.files[j], nombre: dt.files[j].name});
            elegidos = elegidos.concat(nuevos);
            return mostrar();
        }
        entradas.forEach(function (en) {
            leerEntrada(en, nuevos, function () {
                if (--pendientes === 0) {
                    elegidos = elegidos.concat(nuevos);
                    mostrar();
                }
            });
        });
    });

    function error(mensaje) {
        aviso.textContent = mensaje;
        aviso.hidden = false;
        progreso.hidden = true;
        enviar.disabled = false;
        aviso.setAttribute("tabindex", "-1");
        aviso.focus();
    }

    /* The server's own explanation, from its error page. */
    function explicacion(html, estado) {
        try {
            var doc = new DOMParser().parseFromString(html, 'text/html');
            var h1 = doc.querySelector('main h1'), p = doc.querySelector('main p.estado');
            if (h1 && p)
                return h1.textContent.trim() + ': ' + p.textContent.replace(/\s+/g, ' ').trim();
        } catch (e) { /* fall through */ }
        return 'El servidor respondió con el estado ' + estado + '.';
    }

    form.addEventListener('submit', function (e) {
        if (!elegidos.length) return;   /* the browser's own check applies */
        e.preventDefault();
        aviso.hidden = true;
        /* Too big for the server: said now, not after the upload. */
        var max = Number(form.getAttribute('data-max-mb')) * 1048576, total = 0;
        elegidos.forEach(function (x) { total += x.file.size; });
        if (max && total > max) {
            error('Envío demasiado grande: ' + mb(total) + ' pasa de ' + mb(max) +
                  ', el máximo que acepta este servidor. Envíe los archivos en partes ' +
                  '(por ejemplo, una región cada vez).');
            return;
        }
        var fd = new FormData();
        var periodo = document.getElementById('periodo');
        if (periodo && periodo.value) fd.append('periodo', periodo.value);
        var csv = document.getElementById('csv');
        if (csv && csv.checked) fd.append('csv', '1');
        var listado = document.getElementById('territorios');
        if (listado && listado.files && listado.files.length)
            fd.append('territorios', listado.files[0], listado.files[0].name);
        elegidos.forEach(function (x) {
            fd.append('modificado', String(x.file.lastModified || ''));
            fd.append('archivos', x.file, x.nombre);
        });
        var xhr = new XMLHttpRequest();
        xhr.open('POST', form.action);
        xhr.upload.addEventListener('progress', function (ev) {
            if (!ev.lengthComputable) return;
            var p = Math.round(ev.loaded * 100 / ev.total);
            barra.value = p;
            barra.textContent = p + ' %';
            texto.textContent = 'Subiendo: ' + p + ' % (' + mb(ev.loaded) + ' de ' + mb(ev.total) + ').';
        });
        xhr.upload.addEventListener('load', function () {
            barra.removeAttribute('value');
            texto.textContent = 'Archivos recibidos. Revisando y armando los libros…';
        });
        xhr.addEventListener('load', function () {
            if (xhr.status === 200 && /\/resultado\//.test(xhr.responseURL || '')) {
                window.location.assign(xhr.responseURL);
                return;
            }
            error(explicacion(xhr.responseText, xhr.status));
        });
        xhr.addEventListener('error', function () {
            error('No se pudo enviar: se perdió la conexión con el servidor. Revise la red e intente de nuevo.');
        });
        progreso.hidden = false;
        barra.value = 0;
        texto.textContent = 'Subiendo…';
        enviar.disabled = true;
        xhr.send(fd);
    });
})();
