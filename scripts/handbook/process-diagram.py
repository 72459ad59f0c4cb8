# Draws the bundled handbook's diagram of the stages of the criminal process, in
# Spanish and English (accessible SVG: <title>, <desc>, no script).
# Usage: python3 scripts/handbook/process-diagram.py \
#   handbook/2025/es/proceso-penal/img/etapas.svg handbook/2025/en/criminal-process/img/stages.svg
import sys
from xml.sax.saxutils import escape as esc

def svg(lang):
    if lang == 'es':
        title = 'Etapas del proceso penal guatemalteco'
        desc = ('De la denuncia o noticia del delito a la etapa preparatoria (investigación), la etapa intermedia, '
                'el debate y la sentencia; después, las impugnaciones y la ejecución de la pena.')
        start = 'Denuncia o noticia del delito'
        stages = [
            ('Etapa preparatoria', ['Investigación: la dirige el Ministerio Público;', 'el juez de primera instancia la controla']),
            ('Etapa intermedia', ['Control de la acusación: el juez decide', 'si el caso se abre a juicio']),
            ('Debate (juicio oral)', ['Ante el tribunal de sentencia: prueba oral,', 'declaración de la víctima, peritos']),
            ('Sentencia', ['Condena o absolución y pena;', 'luego, la audiencia de reparación digna']),
        ]
        ends = [('Impugnaciones', ['Recursos contra la sentencia', 'o contra otras resoluciones']),
                ('Ejecución', ['Cumplimiento de la pena', 'ante el juzgado de ejecución'])]
    else:
        title = 'Stages of criminal proceedings in Guatemala'
        desc = ('From the report of the offence to the investigation stage, the intermediate stage, '
                'the oral trial and the judgment; then appeals and the enforcement of the sentence.')
        start = 'Report of the offence'
        stages = [
            ('Investigation stage', ['Directed by the Public Prosecutor\u2019s Office;', 'supervised by the judge of first instance']),
            ('Intermediate stage', ['Review of the indictment: the judge decides', 'whether the case goes to trial']),
            ('Oral trial (debate)', ['Before the sentencing court: oral evidence,', 'the victim\u2019s testimony, experts']),
            ('Judgment', ['Conviction or acquittal and sentence;', 'then the reparation hearing']),
        ]
        ends = [('Appeals', ['Challenges to the judgment', 'or to other decisions']),
                ('Enforcement', ['Serving the sentence, before', 'the enforcement judge'])]
    W = 640
    out = []
    a = out.append
    a('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="title desc" font-family="Helvetica, Arial, sans-serif">' % (W, 0))
    a('  <title id="title">%s</title>' % esc(title))
    a('  <desc id="desc">%s</desc>' % esc(desc))
    a('  <defs>')
    a('    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">')
    a('      <path d="M0 0 L10 5 L0 10 z" fill="#4a5560"/>')
    a('    </marker>')
    a('  </defs>')
    a('  <rect width="100%" height="100%" fill="#ffffff"/>')
    y = 16
    # starting pill
    a('  <rect x="170" y="%d" width="300" height="40" rx="20" fill="#f3efe6" stroke="#8a7a55" stroke-width="1.5"/>' % y)
    a('  <text x="320" y="%d" text-anchor="middle" font-size="17" fill="#3d3421">%s</text>' % (y + 26, esc(start)))
    y += 40
    def arrow(x1, y1, x2, y2):
        a('  <line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#4a5560" stroke-width="2" marker-end="url(#arrow)"/>' % (x1, y1, x2, y2))
    for i, (name, lines) in enumerate(stages):
        arrow(320, y + 2, 320, y + 26)
        y += 28
        h = 92
        a('  <rect x="40" y="%d" width="560" height="%d" rx="8" fill="#e8f0fa" stroke="#2b5797" stroke-width="1.5"/>' % (y, h))
        a('  <text x="60" y="%d" font-size="20" font-weight="bold" fill="#16325c">%d. %s</text>' % (y + 30, i + 1, esc(name)))
        for j, line in enumerate(lines):
            a('  <text x="60" y="%d" font-size="16" fill="#1f2933">%s</text>' % (y + 56 + 22 * j, esc(line)))
        y += h
    # split into the two last boxes
    arrow(320, y + 2, 175, y + 38)
    arrow(320, y + 2, 465, y + 38)
    y += 40
    h = 92
    for k, (name, lines) in enumerate(ends):
        x = 40 + k * 290
        a('  <rect x="%d" y="%d" width="270" height="%d" rx="8" fill="#eaf4ec" stroke="#2e7040" stroke-width="1.5"/>' % (x, y, h))
        a('  <text x="%d" y="%d" font-size="19" font-weight="bold" fill="#1d4a2a">%s</text>' % (x + 16, y + 30, esc(name)))
        for j, line in enumerate(lines):
            a('  <text x="%d" y="%d" font-size="15" fill="#1f2933">%s</text>' % (x + 16, y + 56 + 21 * j, esc(line)))
    y += h + 16
    out[0] = out[0].replace('viewBox="0 0 %d 0"' % W, 'viewBox="0 0 %d %d"' % (W, y))
    return '\n'.join(out) + '\n</svg>\n'

open(sys.argv[1], 'w').write(svg('es'))
open(sys.argv[2], 'w').write(svg('en'))
