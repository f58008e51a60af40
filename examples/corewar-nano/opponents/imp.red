;redcode-nano
;name Kaizen test imp
;author Kaizen
        MOV.I   $0, $1
        END
