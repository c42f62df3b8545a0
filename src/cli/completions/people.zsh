# Person names for PERSON arguments, read from the repository with
# `oneonone people` at completion time (`--dir` on the line is honoured).
_oneonone_people() {
    local -a dir people expl
    local i=${words[(I)--dir]}
    (( i > 0 && i < $#words )) && dir=(--dir "${words[i+1]/#\~/$HOME}")
    people=(${(f)"$(oneonone $dir people 2>/dev/null)"})
    _wanted people expl 'person' compadd -a people
}

