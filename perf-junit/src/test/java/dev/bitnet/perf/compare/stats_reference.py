# Independent reference values for the tests of dev.bitnet.perf.compare (plain Python 3, no scipy).
# Run: python3 stats_reference.py
import math, itertools
def mean(x): return sum(x)/len(x)
def var(x):
    m=mean(x); return sum((v-m)**2 for v in x)/(len(x)-1)
def betainc_reg(a,b,z,n=2000000):
    # regularized incomplete beta by Simpson integration of the integrand on [0, z]
    f=lambda x: x**(a-1)*(1-x)**(b-1) if x>0 else (1.0 if a==1 else 0.0)
    h=z/n; s=f(0)+f(z)
    for i in range(1,n):
        s+= (4 if i%2 else 2)*f(i*h)
    integral=s*h/3
    B=math.exp(math.lgamma(a)+math.lgamma(b)-math.lgamma(a+b))
    return integral/B
def t_p(t,df): return betainc_reg(df/2,0.5,df/(df+t*t))
A1=[27.5,21.0,19.0,23.6,17.0,17.9,16.9,20.1,21.9,22.6,23.1,19.6,19.0,21.7,21.4]
A2=[27.1,22.0,20.8,23.4,23.4,23.5,25.8,22.0,24.8,20.2,21.9,22.1,22.9,20.5,24.4]
def welch(a,b):
    va,vb=var(a)/len(a),var(b)/len(b)
    t=(mean(a)-mean(b))/math.sqrt(va+vb)
    df=(va+vb)**2/(va**2/(len(a)-1)+vb**2/(len(b)-1))
    return t,df,t_p(t,df)
def student(a,b):
    n1,n2=len(a),len(b)
    sp=((n1-1)*var(a)+(n2-1)*var(b))/(n1+n2-2)
    t=(mean(a)-mean(b))/math.sqrt(sp*(1/n1+1/n2)); df=n1+n2-2
    return t,df,t_p(t,df)
print("welch A1A2", welch(A1,A2))
print("student A1A2", student(A1,A2))
# Mann-Whitney exact by enumeration
def U(a,b):
    return sum((1 if y>x else 0.5 if y==x else 0) for x in a for y in b)
def mw_exact(a,b):
    pool=a+b; n1=len(a)
    u_obs=U(a,b); umin=min(u_obs,len(a)*len(b)-u_obs)
    cnt=0; tot=0
    for idx in itertools.combinations(range(len(pool)),n1):
        s=set(idx); aa=[pool[i] for i in idx]; bb=[pool[i] for i in range(len(pool)) if i not in s]
        u=U(aa,bb); tot+=1
        if u<=umin+1e-9: cnt+=1
    return min(1,2*cnt/tot)
X=[1.1,2.3,3.5,4.0,5.2]; Y=[2.0,4.5,6.1,6.3,7.7,8.0]
print("mw exact XY", U(X,Y), mw_exact(X,Y))
X2=[10.2,11.5,9.8,10.9,12.1,10.4,11.0]; Y2=[12.5,13.1,11.9,12.8,14.0,13.3,12.2,13.7]
print("mw exact X2Y2", U(X2,Y2), mw_exact(X2,Y2))
# asymptotic with ties (formula, scipy-style)
def ncdf(z): return 0.5*math.erfc(-z/math.sqrt(2))
def mw_asym(a,b):
    n1,n2=len(a),len(b); n=n1+n2
    u1=U(a,b); umax=max(u1,n1*n2-u1)
    from collections import Counter
    c=Counter(a+b); tie=sum(t**3-t for t in c.values())
    mu=n1*n2/2; s=math.sqrt(n1*n2/12*((n+1)-tie/(n*(n-1))))
    z=(umax-mu-0.5)/s
    return 2*(1-ncdf(z))
T1=[1,2,2,3,3,3,4,5]; T2=[3,4,4,5,5,6,6,7,8]
print("mw asym ties", mw_asym(T1,T2))
# effect sizes
def cohen(a,b):
    n1,n2=len(a),len(b); sp=((n1-1)*var(a)+(n2-1)*var(b))/(n1+n2-2)
    return (mean(b)-mean(a))/math.sqrt(sp)
d=cohen(A1,A2); print("cohen", d, "hedges", d*(1-3/(4*(30)-9)))
cl=sum((1 if y>x else -1 if y<x else 0) for x in T1 for y in T2)/(len(T1)*len(T2)); print("cliff T1T2", cl)
