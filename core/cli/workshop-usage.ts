// The help of `meshdeck workshop` (`meshdeck help workshop`, `meshdeck workshop --help`).

export const WORKSHOP_USAGE = `Usage: meshdeck workshop <subcommand> [LESSON] [options]

Lessons with checks on your own lab: a lesson pack (the built-in "Istio in practice", or a folder
of YAML you or an instructor wrote) holds ordered lessons; each lesson has tasks, and each task
declarative checks that know whether you did it.

Subcommands:
  list [--pack PACK]          The packs (built-in and opened); with --pack, its lessons with
                              your progress and the minutes each takes (* marks the current one)
  show LESSON                 The lesson: its text, tasks, what to type, what is checked
  start LESSON                Run the lesson's setup (the lab in the state the lesson starts from)
  check [LESSON]              Run the lesson's checks (default: the current lesson): every task
                              and every check with ✓/✗, expected vs found, what is missing.
                              Exit 0 only when the lesson passes, 1 when it does not
  hint [LESSON] [--task T]    The hint of the current task (or of task T)
  solve LESSON [--task T]     "Solve for me": apply the solution of every task not passed yet
                              (or of task T only)
  reset [LESSON | --all]      Back to the lesson's starting state: deletes the routing and
                              security objects the lesson's namespaces gained (what the pack's
                              setup brings and the lab's own objects stay) and runs the setup
                              again; --all: every lesson, Bookinfo's routing as released and all
                              progress cleared (the cluster is kept). Asks first unless --yes
  validate PACK               Check a pack without applying anything: exit 0 with a summary, or
                              exit 2 with one \`file:line:column: field: message\` line a problem
  run-all [--pack PACK]       A pack author's CI: for every lesson reset, check (must fail),
                              solve, check (must pass); prints lesson | reset | fails first |
                              solve | passes | seconds and exits 1 at the first broken lesson

Options:
  --pack PACK                 a pack id (default: istio-in-practice) or the folder (or .yaml
                              file) of a pack; a folder is validated and remembered
  --task T                    a task id of the lesson (hint, solve)
  --all                       reset: the whole workshop, not one lesson
  -y, --yes                   reset: do not ask for confirmation (required off a terminal)
  --context NAME              the lab's context (default: the current lab, see \`meshdeck labs\`)
  --json                      print JSON: the contract's objects (WorkshopPackInfo, the check's
                              WorkshopCheckInfo, run-all's {pack, passed, lessons}); errors too

Examples:
  meshdeck workshop list --pack istio-in-practice
  meshdeck workshop start request-routing && meshdeck workshop check
  meshdeck workshop validate ./my-pack && meshdeck workshop run-all --pack ./my-pack

Exit codes: 0 done (check: passed), 1 failed (check: not passed), 2 bad command line or an
invalid pack, 130 stopped by Ctrl+C.`;
