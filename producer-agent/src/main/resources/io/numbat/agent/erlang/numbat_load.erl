%% Load for tests and benchmarks, loaded by LocalErlangNode on a node it started: idle processes,
%% a filled ETS table, a process with a long mailbox.
-module(numbat_load).
-export([vsn/0, spawn_idle/1, fill_ets/2, mailbox/2, exact_reductions/0]).

vsn() -> <<"@VSN@">>.

%% N processes waiting in receive (they never return), owned by nobody.
spawn_idle(N) ->
    lists:foreach(fun(_) -> spawn(fun idle/0) end, lists:seq(1, N)),
    erlang:system_info(process_count).

idle() -> receive stop -> ok end.

%% A public named table owned by a process of its own, with Rows rows of about 1 KB each (a list of
%% 64 small integers: stored in the table itself, unlike a large binary).
fill_ets(Name, Rows) ->
    Self = self(),
    spawn(fun() ->
              T = ets:new(Name, [named_table, public, set]),
              [ets:insert(T, {I, lists:duplicate(64, I)}) || I <- lists:seq(1, Rows)],
              Self ! {filled, ets:info(T, memory)},
              idle()
          end),
    receive {filled, Words} -> Words * erlang:system_info(wordsize) end.

%% A registered process that never reads its mailbox, sent N messages.
mailbox(Name, N) ->
    Pid = spawn(fun idle_forever/0),
    register(Name, Pid),
    [Pid ! {msg, I} || I <- lists:seq(1, N)],
    element(2, process_info(Pid, message_queue_len)).

idle_forever() -> receive never_sent_to_this_process -> ok end.

exact_reductions() -> element(1, erlang:statistics(exact_reductions)).
