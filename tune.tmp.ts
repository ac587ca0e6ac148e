import { buildFaqIndex, TUNING } from './src/features/faq/faq.index.js';
import { verdict, CONFIDENCE } from './src/features/faq/faq.match.js';
import { loadFaqFile } from './src/features/faq/faq.schema.js';
import { parse } from 'yaml'; import { readFileSync } from 'node:fs';
const cases = (parse(readFileSync('bench/faq-dev.yaml','utf8')) as {q:string,id:string|null}[]);
const { entries } = loadFaqFile('config/faq.yaml');
function run(label:string){ const idx=buildFaqIndex(entries); let t1=0,t3=0,n=0,ans=0,wrong=0,fa=0;
 for(const c of cases){const top=idx.search(c.q,3); const v=verdict(top); if(c.id===null){ if(v.kind==='answer')fa++; continue;} n++; if(top[0]?.id===c.id)t1++; if(top.some(m=>m.id===c.id))t3++; if(v.kind==='answer'){ if(v.best.id===c.id)ans++; else wrong++;}}
 console.log(label, 'top1',(t1/n).toFixed(3),'top3',(t3/n).toFixed(3),'ans',ans,'wrong',wrong,'falseAns',fa);}
for (const k1 of [0.8,1.2,1.6]) for (const b of [0.3,0.5,0.75,0.9]) for (const aw of [0,0.2,0.35,0.5]) { Object.assign(TUNING,{k1,b,answerWeight:aw}); run(`k1=${k1} b=${b} aw=${aw}`); }
