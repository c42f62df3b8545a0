
# Person names, read from the repository with `oneonone people` when the
# word being completed is the PERSON argument of a subcommand; everything
# else goes to the generated `_oneonone` above.
_oneonone_with_people() {
    local cur="${COMP_WORDS[COMP_CWORD]}" sub="" expect="" word i
    local -a dir=()
    local positional=0
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${COMP_WORDS[i]}"
        if [[ -n "$expect" ]]; then
            [[ "$word" == "=" ]] && continue
            [[ "$expect" == "--dir" ]] && dir=(--dir "${word/#\~/$HOME}")
            expect=""
            continue
        fi
        case "$word" in
            --dir | --color | --today | --date | --kind | --cadence | --template | --since | --owner | --out | --weeks | --html | --until | --from | --reason)
                expect="$word" ;;
            -*) ;;
            *)
                if [[ -z "$sub" ]]; then
                    sub="$word"
                else
                    positional=$((positional + 1))
                fi ;;
        esac
    done
    if [[ -z "$expect" && $positional -eq 0 && "$cur" != -* ]]; then
        case "$sub" in
            new | topic | gaps | log | prep | done | drop | reopen | actions | pause | resume | rename)
                local IFS=$'\n'
                COMPREPLY=($(compgen -W "$(oneonone "${dir[@]}" people 2>/dev/null)" -- "$cur"))
                return 0 ;;
        esac
    fi
    _oneonone "$@"
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _oneonone_with_people -o nosort -o bashdefault -o default oneonone
else
    complete -F _oneonone_with_people -o bashdefault -o default oneonone
fi
