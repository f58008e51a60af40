;name ForExpr
N equ 2
 for N*2+1
 dat N, 0
 rof
 end
