;name AssertBad
;assert CORESIZE==
 mov 0, 1
 end
