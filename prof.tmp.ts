import { extractFeatures } from './src/nlu/features.js';
import { buildFaqIndex } from './src/features/faq/faq.index.js';
import { loadFaqFile } from './src/features/faq/faq.schema.js';
import { parse } from 'yaml'; import { readFileSync } from 'node:fs';
const qs = (parse(readFileSync('bench/faq-dev.yaml','utf8')) as {q:string}[]).map(c=>c.q);
const { entries } = loadFaqFile('config/faq.yaml');
const big = Array.from({length:500},(_,i)=>({...entries[i%entries.length]!, id:'x'+i}));
const idx = buildFaqIndex(big);
for (let r=0;r<5;r++){ let t=performance.now(); for(const q of qs) extractFeatures(q); const fe=(performance.now()-t)/qs.length;
t=performance.now(); for(const q of qs) idx.search(q,3); const all=(performance.now()-t)/qs.length; console.log('features',fe.toFixed(3),'search',all.toFixed(3));}
const times:number[]=[]; for(let r=0;r<20;r++) for(const q of qs){const t=performance.now(); idx.search(q,3); times.push(performance.now()-t);} times.sort((a,b)=>a-b); console.log('p50',times[times.length>>1]!.toFixed(3),'p99',times[Math.floor(times.length*.99)]!.toFixed(3),'max',times.at(-1)!.toFixed(2));
for (let k=0;k<3;k++){ const ts:number[]=[]; const cs:number[]=[]; for(let r=0;r<20;r++) for(const q of qs){const c=process.cpuUsage(); const t=performance.now(); idx.search(q,3); ts.push(performance.now()-t); const d=process.cpuUsage(c); cs.push((d.user+d.system)/1000);} ts.sort((a,b)=>a-b); cs.sort((a,b)=>a-b); console.log('wall p95',ts[Math.floor(ts.length*.95)]!.toFixed(3),'p99',ts[Math.floor(ts.length*.99)]!.toFixed(3),'cpu p99',cs[Math.floor(cs.length*.99)]!.toFixed(3));}
