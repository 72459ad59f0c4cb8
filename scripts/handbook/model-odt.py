# Usage: python3 scripts/handbook/model-odt.py \
#   handbook/2025/es/modelos/solicitud-anticipo-prueba.md handbook/2025/es/modelos/descargas/solicitud-anticipo-prueba.odt
# Run it again whenever the model page's text changes.
# Builds the model form as an OpenDocument text file from the "## Modelo"
# section of the handbook page (same words), with fixed timestamps.
import re, sys, zipfile
from xml.sax.saxutils import escape as esc
page, out = sys.argv[1], sys.argv[2]
text = open(page, encoding='utf-8').read()
section = text.split('## Modelo {#modelo}', 1)[1].split('\n## ', 1)[0].strip()
def inline(s):
    parts = re.split(r'(\*\*[^*]+\*\*)', s)
    return ''.join('<text:span text:style-name="B">%s</text:span>' % esc(p[2:-2]) if p.startswith('**') else esc(p) for p in parts)
note = [l[2:] for l in text.split('> [!IMPORTANT]\n', 1)[1].split('\n\n', 1)[0].split('\n')]
paras = ['<text:p text:style-name="Body">%s</text:p>' % inline(' '.join(note))]
for block in section.split('\n\n'):
    lines = block.split('\n')
    if all(re.match(r'\d+\. ', l) for l in lines):
        paras += ['<text:p text:style-name="Item">%s</text:p>' % inline(l) for l in lines]
        continue
    body = '<text:line-break/>'.join(inline(l.rstrip('\\')) for l in lines)
    paras.append('<text:p text:style-name="Body">%s</text:p>' % body)
content = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">
<office:automatic-styles>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.25cm" fo:text-align="justify"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt"/></style:style>
<style:style style:name="Item" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.6cm" fo:margin-bottom="0.15cm"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="12pt"/></style:style>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:text>
%s
</office:text></office:body>
</office:document-content>
''' % '\n'.join(paras)
manifest = '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
'''
with zipfile.ZipFile(out, 'w') as z:
    def add(name, data, method):
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = method
        z.writestr(info, data)
    add('mimetype', 'application/vnd.oasis.opendocument.text', zipfile.ZIP_STORED)
    add('META-INF/manifest.xml', manifest, zipfile.ZIP_DEFLATED)
    add('content.xml', content, zipfile.ZIP_DEFLATED)
