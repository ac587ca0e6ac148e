import { buildFaqIndex } from './src/features/faq/faq.index.js';
import { loadFaqFile } from './src/features/faq/faq.schema.js';
import { parse } from 'yaml'; import { readFileSync } from 'node:fs';
const cases = (parse(readFileSync('bench/faq-dev.yaml','utf8')) as {q:string,id:string|null}[]);
const { entries } = loadFaqFile('config/faq.yaml');
const idx=buildFaqIndex(entries);
const rows = cases.map(c=>{const t=idx.search(c.q,3); return {ok: c.id===null?'NEG':(t[0]?.id===c.id?'ok':'BAD'), cov:t[0]?.coverage??0, ratio: t[1]? t[0]!.score/t[1].score : 9, q:c.q};});
rows.sort((a,b)=>b.cov-a.cov); for(const r of rows) console.log(r.ok, r.cov.toFixed(2), r.ratio.toFixed(2), r.q);
