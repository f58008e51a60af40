;name AssertUndef
;assert FOO==1
 mov 0, 1
 end
