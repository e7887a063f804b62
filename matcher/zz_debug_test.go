package matcher
import ("testing";"math")
func TestDebugApprox(t *testing.T){
 m := NewModel(synthEvent(250, 7), Options{})
 t.Logf("width %d own %d next %d overflow %d", m.layout.width, m.layout.own, m.layout.next, m.layout.overflow)
 n:=len(m.people)
 var maxd, sum float64
 for i:=0;i<n;i++{ approx:=mulSketch(m.rows,n,m.query(m.people[i]),nil)
  for j:=0;j<n;j++{ d:=math.Abs(approx[j]-m.suggest(m.people[i],m.people[j]).Score); sum+=d*d; if d>maxd{maxd=d; t.Logf("%d %d approx %v exact %+v", i,j, approx[j], m.suggest(m.people[i],m.people[j]))}}}
 t.Logf("max %.3f rms %.3f", maxd, math.Sqrt(sum/float64(n*n)))
}
