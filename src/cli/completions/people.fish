
# Person names for the PERSON argument of a subcommand, read from the
# repository with `oneonone people` at completion time.
function __oneonone_wants_person
    set -l tokens (commandline -opc)
    set -l sub
    set -l expect
    set -l positional 0
    for word in $tokens[2..-1]
        if test -n "$expect"
            set expect
            continue
        end
        switch $word
            case --dir --color --today --date --kind --cadence --template --since --owner --out --weeks --html --until --from --reason
                set expect $word
            case '-*'
            case '*'
                if test -z "$sub"
                    set sub $word
                else
                    set positional (math $positional + 1)
                end
        end
    end
    test -z "$expect"; and test $positional -eq 0; and contains -- "$sub" new topic gaps log prep done drop reopen actions pause resume rename
end

function __oneonone_people
    set -l tokens (commandline -opc)
    set -l dir
    set -l i (contains -i -- --dir $tokens)
    and set dir --dir $tokens[(math $i + 1)]
    oneonone $dir people 2>/dev/null
end

complete -c oneonone -n __oneonone_wants_person -f -a '(__oneonone_people)'
