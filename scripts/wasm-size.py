# Code and data of a wasm module with a name section (scripts/wasm-size.sh builds one): function
# body sizes grouped by crate (credit_check by module), alone gzipped, and the largest data
# segments. Functions inlined into an export are counted for its wasm-bindgen shim.
#   python3 scripts/wasm-size.py MODULE.wasm [TOP]
import sys, re, gzip, collections
def leb(b,i):
    r=s=0
    while True:
        x=b[i]; i+=1; r|=(x&0x7f)<<s; s+=7
        if x<0x80: return r,i
def sections(b):
    i=8
    while i<len(b):
        sid=b[i]; n,j=leb(b,i+1); yield sid,b[j:j+n],j; i=j+n
b=open(sys.argv[1],'rb').read()
nimports=0; bodies=[]; names={}; datas=[]
for sid,s,off in sections(b):
    if sid==2:
        n,i=leb(s,0)
        for _ in range(n):
            l,i=leb(s,i); i+=l; l,i=leb(s,i); i+=l; k=s[i]; i+=1
            if k==0: _,i=leb(s,i); nimports+=1
            elif k==1: i+=1; fl,i=leb(s,i); _,i=leb(s,i); i = leb(s,i)[1] if fl&1 else i
            elif k==2: fl,i=leb(s,i); _,i=leb(s,i); i = leb(s,i)[1] if fl&1 else i
            elif k==3: i+=2
    elif sid==10:
        n,i=leb(s,0)
        for k in range(n):
            l,j=leb(s,i); bodies.append((nimports+k,s[j:j+l])); i=j+l
    elif sid==11:
        n,i=leb(s,0)
        for k in range(n):
            fl,i=leb(s,i)
            if fl==2: _,i=leb(s,i)
            if fl in (0,2):
                while s[i]!=0x0b: i+=1
                i+=1
            l,i=leb(s,i); datas.append(s[i:i+l]); i+=l
    elif sid==0:
        nl,i=leb(s,0); nm=s[i:i+nl].decode(); i+=nl
        if nm=='name':
            while i<len(s):
                sub=s[i]; l,j=leb(s,i+1)
                if sub==1:
                    n,k=leb(s,j)
                    for _ in range(n):
                        idx,k=leb(s,k); ln,k=leb(s,k); names[idx]=s[k:k+ln].decode('utf8','replace'); k+=ln
                i=j+l
def crate(n):
    n=re.sub(r'\[[0-9a-f]+\]','',n)
    m=re.match(r'^[<&\s]*(?:impl\s+)?(?:dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)',n)
    c=m.group(1) if m else '?'
    if c=='credit_check':
        m2=re.match(r'^[<&\s]*credit_check::([a-z_]+)(?:::([a-z_]+))?',n)
        if m2: c='credit_check::'+m2.group(1)+('::'+m2.group(2) if m2.group(2) and m2.group(1) in ('wasm','snapshot','lists','check','id','shards','names','matching') else '')
    if c in ('core', 'alloc') and 'serde' in n: c = 'serde (derived and monomorphised (de)serialisers)'
    if 'shim' in n or n.startswith('__wbg') or n.startswith('__wbindgen') or n.startswith('wasm_bindgen'): c='(wasm-bindgen exports/shims)'
    return c
agg=collections.Counter(); cnt=collections.Counter(); txt=collections.defaultdict(list)
for idx,body in bodies:
    c=crate(names.get(idx,'?')); agg[c]+=len(body); cnt[c]+=1; txt[c].append(body)
tot=sum(agg.values()); dtot=sum(len(d) for d in datas)
print(f"code {tot} bytes in {len(bodies)} functions; data {dtot} bytes in {len(datas)} segments; file {len(b)}")
top=int(sys.argv[2]) if len(sys.argv)>2 else 30
print(f"{'raw':>9} {'gz~':>8}  crate / module (gz~: the group's code gzipped alone)")
for c,v in agg.most_common(top):
    print(f"{v:9d} {len(gzip.compress(b''.join(txt[c]),9)):8d}  {c} ({cnt[c]} fns)")
print("largest data segments (raw, gz, first bytes):")
for d in sorted(datas,key=len,reverse=True)[:6]:
    print(f"{len(d):9d} {len(gzip.compress(d,9)):8d}  {d[:60]!r}")
