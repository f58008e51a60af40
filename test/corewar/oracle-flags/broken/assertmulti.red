;name AssertMulti
;assert 1
;assert CORESIZE==8000
;assert MAXLENGTH>200
 mov 0,1
 end
