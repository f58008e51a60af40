;name ForInFor
outer for 2
inner for outer
 dat outer, inner
 rof
 rof
 end
