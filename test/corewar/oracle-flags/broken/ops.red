;name Ops
 dat 7%3, -7%3
 dat -7/2, 7/-2
 dat 1&&0, 1||0
 dat !0, !5
 dat 3<4, 4<=4
 dat 5>6, 5>=6
 dat 2==2, 2!=3
 dat (1+2)*3, 1+2*3
 dat -(-3), --3
 end
