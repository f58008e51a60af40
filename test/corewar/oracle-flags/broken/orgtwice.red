;name OrgTwice
 org 1
 org 0
 mov 0, 1
 dat 0, 0
 end
