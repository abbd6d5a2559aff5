#!/usr/bin/env python3
"""How often ordinary traffic of a simulated set trips plain-Python versions of the rules.

Usage: python3 scripts/simulation_background_check.py DIR   (DIR written by `hawala simulate`)
Reports, for each rule, the hits and the hits made of background transfers only (no planted
transfer), as quoted in docs/simulation.md. Slow (about a minute per 100,000 transfers):
a check of the generator, not a detector.
"""
import csv, json, sys, collections, bisect
d=sys.argv[1]
rates={}
try:
    for r in csv.DictReader(open(d+'/rates.csv')): rates[r['currency']]=float(r['rate'])
except FileNotFoundError: pass
from datetime import datetime
T=[]
for r in csv.DictReader(open(d+'/transfers.csv')):
    t=datetime.strptime(r['timestamp'],'%Y-%m-%dT%H:%M:%SZ').timestamp()
    T.append((t,r['sender_broker'],r['receiver_broker'],float(r['amount'])*rates.get(r['currency'],1.0),r['transfer_id'],r['originator'],r['beneficiary']))
truth=json.load(open(d+'/truth.json'))
planted=set(i for x in truth['instances'] for i in x['transfer_ids'])
print('transfers',len(T),'planted',len(planted))
# distinct counterparties per broker: whole-set in/out degree (background only)
ins=collections.defaultdict(set); outs=collections.defaultdict(set)
for t,s,r,a,i,o,b in T:
    if i in planted: continue
    ins[r].add(s); outs[s].add(r)
print('max bg in-degree',max(len(v) for v in ins.values()),'max out',max(len(v) for v in outs.values()))
print('in-degree hist',sorted(collections.Counter(len(v) for v in ins.values()).items()))
# fan-in: distinct senders in 24h windows
W=86400
def fan(key_idx, other_idx, m):
    by=collections.defaultdict(list)
    for x in T: by[x[key_idx]].append(x)
    hits=set()
    for k,xs in by.items():
        xs.sort()
        cnt=collections.Counter(); j=0
        for x in xs:
            cnt[x[other_idx]]+=1
            while xs[j][0] < x[0]-W:
                cnt[xs[j][other_idx]]-=1
                if cnt[xs[j][other_idx]]==0: del cnt[xs[j][other_idx]]
                j+=1
            if len(cnt)>=m:
                bg = all(y[4] not in planted for y in xs[j:] if y[0]<=x[0])
                hits.add((k, int(x[0]//86400), bg))
    return hits
for m in (5,8,10):
    h=fan(2,1,m); print('fan_in m=%d broker-days: %d, background-only %d'%(m,len(h),sum(1 for x in h if x[2])))
    h=fan(1,2,m); print('fan_out m=%d broker-days: %d, background-only %d'%(m,len(h),sum(1 for x in h if x[2])))
# structuring by originator: >=3 in [9000,10000) within 72h
band=collections.defaultdict(list)
for x in T:
    if 9000<=x[3]<10000: band[x[5]].append(x)
s=0
for o,xs in band.items():
    xs.sort()
    for k in range(len(xs)-2):
        if xs[k+2][0]-xs[k][0]<=3*86400 and not any(y[4] in planted for y in xs[k:k+3]): s+=1; break
print('bg structuring originators (>=3 in band within 72h):',s, 'bg transfers in band', sum(1 for x in T if 9000<=x[3]<10000 and x[4] not in planted))
# 2..6 cycles, W=24h, band 0.8-1.05, min 1000
out=collections.defaultdict(list)
for x in T: out[x[1]].append(x)
for k in out: out[k].sort()
cyc=0; cycbg=0
import itertools
for e in T:
    if e[3]<1000: continue
    start=e[1]; t0=e[0]
    stack=[(e,[e[1]],[e])]
    while stack:
        cur,path,edges=stack.pop()
        nb=cur[2]
        if nb==start:
            cyc+=1
            if not any(y[4] in planted for y in edges): cycbg+=1
            continue
        if nb in path or len(edges)>=6: continue
        xs=out[nb]; j=bisect.bisect_right(xs,(cur[0],'\uffff'))
        for y in xs[j:]:
            if y[0]>t0+W: break
            if y[0]<=cur[0]: continue
            if 0.8*cur[3]<=y[3]<=1.05*cur[3] and y[3]>=1000:
                stack.append((y,path+[nb],edges+[y]))
print('cycles found',cyc,'background-only',cycbg)

out=collections.defaultdict(list)
for x in T: out[x[1]].append(x)
for k in out: out[k].sort()
W=86400
# scatter-gather: A->B (>=1000) then B->C within W of first, amount 0.8-1.05; count (A,C,day) with >=5 distinct B, background only
sg=collections.defaultdict(set); sgp=collections.defaultdict(set)
for e in T:
    if e[3]<1000: continue
    xs=out[e[2]]; j=bisect.bisect_right(xs,(e[0],'\uffff'))
    for y in xs[j:]:
        if y[0]>e[0]+W: break
        if y[2]!=e[1] and 0.8*e[3]<=y[3]<=1.05*e[3]:
            key=(e[1],y[2],int(e[0]//W))
            (sgp if (e[4] in planted or y[4] in planted) else sg)[key].add(e[2])
print('scatter_gather bg keys with >=5 mids:',sum(1 for v in sg.values() if len(v)>=5),' >=3:',sum(1 for v in sg.values() if len(v)>=3))
# rapid pass-through: in e to B, out y from B within 2h, y.amount in [0.9,1.0]*e.amount, y.amount>=5000, chained twice
def nexts(e,dt=7200):
    xs=out[e[2]]; j=bisect.bisect_right(xs,(e[0],'\uffff'))
    r=[]
    for y in xs[j:]:
        if y[0]>e[0]+dt: break
        if 0.9*e[3]<=y[3]<=e[3] and y[2]!=e[1]: r.append(y)
    return r
rpt=0; rptbg=0
for e in T:
    if e[3]<5000: continue
    for y in nexts(e):
        rpt+=1
        if e[4] not in planted and y[4] not in planted: rptbg+=1
print('rapid pass-through 2-hop chains (>=5000, 90-100%, 2h):',rpt,'background only',rptbg)
# volume spike: pair daily volume > 10x mean of previous 7 days (and >= 50k)
pv=collections.defaultdict(lambda: collections.defaultdict(float)); pp=collections.defaultdict(lambda: collections.defaultdict(bool))
for x in T:
    day=int(x[0]//W); pv[(x[1],x[2])][day]+=x[3]; pp[(x[1],x[2])][day] |= x[4] in planted
days=sorted({int(x[0]//W) for x in T})
sp=0; spbg=0
for k,v in pv.items():
    for dday in days[7:]:
        base=sum(v.get(dday-i,0) for i in range(1,8))/7
        if v.get(dday,0)>=50000 and v.get(dday,0)>10*max(base,1):
            sp+=1; spbg+= not pp[k][dday]
print('volume spikes (10x 7-day mean, >=50k):',sp,'background only',spbg)
# imbalance over whole set: net >= 100k and |net|/gross >= 0.8
vol=collections.defaultdict(float)
for x in T: vol[(x[1],x[2])]+=x[3]
imb=[]
for (a,b),v in vol.items():
    if a<b or (b,a) not in vol:
        r=vol.get((b,a),0); net=v-r; gross=v+r
        if abs(net)>=100000 and abs(net)/gross>=0.8: imb.append((a,b,net))
print('imbalanced pairs (net>=100k, one-sided>=0.8):',len(imb))
