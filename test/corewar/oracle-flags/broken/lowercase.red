;name lower
 MOV.I $0, $1
 END
