;name OrgBeyond
 org 10
 mov 0, 1
 end
