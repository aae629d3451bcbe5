%% Load for tests and benchmarks, loaded by LocalErlangNode on a node it started: idle processes,
%% a filled ETS table, a process with a long mailbox, a busy loop, a process flooding its own mailbox
%% (until a limit, or until told to stop and drain it), and numbat_top's scan step run on made-up processes.
-module(numbat_load).
-export([vsn/0, spawn_idle/1, fill_ets/2, mailbox/2, exact_reductions/0, busy_loop/1, flood_self/3, flood_until_stopped/2,
         stop_flood/1, top_step/3, runtime/0, log_errors/2, log_rate/3]).

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

%% The emulator's CPU time so far, in ms (statistics(runtime): all its threads).
runtime() -> element(1, erlang:statistics(runtime)).

%% A registered process that loops without end; returns its pid as text.
busy_loop(Name) ->
    Pid = spawn(fun() -> spin(0) end),
    register(Name, Pid),
    list_to_binary(pid_to_list(Pid)).

spin(N) -> spin(N + 1).

%% A registered process that sends itself Burst messages every 10 ms, never reading them, until it
%% holds Max; returns its pid as text.
flood_self(Name, Burst, Max) ->
    Pid = spawn(fun() -> flood(Burst, Max) end),
    register(Name, Pid),
    list_to_binary(pid_to_list(Pid)).

flood(Burst, Max) ->
    {message_queue_len, Len} = process_info(self(), message_queue_len),
    case Len >= Max of
        true -> idle_forever();
        false ->
            [self() ! {flood, I} || I <- lists:seq(1, Burst)],
            erlang:yield(),
            timer:sleep(10),
            flood(Burst, Max)
    end.

%% A registered process that sends itself Burst messages every 10 ms, never reading them, until
%% stop_flood(Name); then it reads 1,000 messages every 10 ms until its mailbox is empty, and waits.
%% Returns its pid as text. (The stop flag is a persistent term: no selective receive over the flood.)
flood_until_stopped(Name, Burst) ->
    Pid = spawn(fun() -> flood_until_stopped_loop(Name, Burst) end),
    register(Name, Pid),
    list_to_binary(pid_to_list(Pid)).

flood_until_stopped_loop(Name, Burst) ->
    case persistent_term:get({numbat_load, stop_flood, Name}, false) of
        true -> drain();
        false ->
            [self() ! {flood, I} || I <- lists:seq(1, Burst)],
            timer:sleep(10),
            flood_until_stopped_loop(Name, Burst)
    end.

drain() ->
    case drain_some(1000) of
        empty -> idle_forever();
        more -> timer:sleep(10), drain()
    end.

drain_some(0) -> more;
drain_some(N) -> receive _ -> drain_some(N - 1) after 0 -> empty end.

%% Tells flood_until_stopped(Name, _) to stop flooding and drain its mailbox.
stop_flood(Name) -> persistent_term:put({numbat_load, stop_flood, Name}, true).

%% numbat_top:step/5 on made-up processes: Table is [{Id, Reductions, Queue, Memory}] (Id any term),
%% Prev a list [{Id, {Reductions, Queue, Memory}}] or none. Returns {Next as a sorted list, Tops, Reads}.
top_step(Table, Prev, N) ->
    Read = fun(Id) -> case lists:keyfind(Id, 1, Table) of {Id, R, Q, _} -> {R, Q}; false -> undefined end end,
    Memory = fun(Id) -> case lists:keyfind(Id, 1, Table) of {Id, _, _, M} -> M; false -> undefined end end,
    PrevMap = case Prev of none -> none; _ -> maps:from_list(Prev) end,
    {Next, Tops, Reads} = numbat_top:step([Id || {Id, _, _, _} <- Table], PrevMap, N, Memory, Read),
    {lists:sort(maps:to_list(Next)), Tops, Reads}.

%% N error log events "Prefix I" in a row, from one process: a burst for numbat_log's rate limit.
log_errors(Prefix, N) ->
    [logger:error("~ts ~b", [Prefix, I]) || I <- lists:seq(1, N)],
    ok.

%% numbat_log:admit/3 on counters of its own: N events in the second Now, then one in the second after. Returns
%% {Admitted, Dropped, Next}: how many of the N were admitted, dropped, and what the next event gets.
log_rate(PerSecond, N, Now) ->
    C = atomics:new(3, [{signed, true}]),
    Results = [numbat_log:admit(C, PerSecond, Now) || _ <- lists:seq(1, N)],
    Admitted = length([ok || {ok, _} <- Results]),
    {Admitted, N - Admitted, numbat_log:admit(C, PerSecond, Now + 1)}.
