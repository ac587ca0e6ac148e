import { buildFaqIndex } from './src/features/faq/faq.index.js';
import { loadFaqFile } from './src/features/faq/faq.schema.js';
import { parse } from 'yaml'; import { readFileSync } from 'node:fs';
const cases = (parse(readFileSync('bench/faq-dev.yaml','utf8')) as {q:string,id:string|null}[]);
const { entries } = loadFaqFile('config/faq.yaml');
const idx=buildFaqIndex(entries);
const rows = cases.map(c=>{const t=idx.search(c.q,3); return {good: c.id!==null && t[0]?.id===c.id, cov:t[0]?.coverage??0, ratio: t[1]? t[0]!.score/t[1].score : 9};});
let best:any[]=[];
for (const ca of [0.35,0.4,0.45,0.5,0.55]) for (const ra of [1.1,1.15,1.2,1.3,1.4,1.5]) for (const cb of [0.15,0.2,0.25,0.3]) for (const rb of [1.5,1.6,1.8,2,2.2,2.5,3]) {
 let ok=0,bad=0; for(const r of rows){ const a=(r.cov>=ca&&r.ratio>=ra)||(r.cov>=cb&&r.ratio>=rb); if(!a)continue; if(r.good)ok++; else bad++; }
 best.push({ca,ra,cb,rb,ok,bad,obj:ok-4*bad});}
best.sort((a,b)=>b.obj-a.obj); console.log(best.slice(0,15));
