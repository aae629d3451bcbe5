%% Numbat's top processes, like etop or recon:proc_window: compiled and loaded on the watched node by
%% the agent, which starts one sampler per connection. Each scan walks erlang:processes() once and
%% keeps the N processes with the most reductions since the previous scan, the most memory and the
%% longest message queues.
%%
%% Cost: reductions and message_queue_len are read without disturbing the process; memory is not
%% (the process has to answer a signal), so the sampler keeps each process's last memory and reads it
%% again only when the process ran (its reductions moved by more than the read itself costs) or its
%% queue length changed. On a big, mostly idle node a scan is then two cheap reads and a map lookup
%% per process. The sampler runs at low priority; a caller waits for the scan at most Wait ms and
%% otherwise takes the last completed one, and a scan never starts sooner after the previous one than
%% that one took, so the sampler uses at most half a scheduler however often it is asked.
-module(numbat_top).
-export([vsn/0, start/1, top/4, step/5]).

vsn() -> <<"@VSN@">>.

%% A memory read is a signal the process handles, which costs it a reduction or two. (No macros: the
%% agent compiles this module from parsed forms, without the preprocessor.)
own_read() -> 2.

%% Starts a sampler for the agent on node Agent: {ok, Sampler, Table}. It exits, with its table, when
%% the agent's node goes away. The table holds the last completed result under the key last.
start(Agent) ->
    Self = self(),
    Sampler = spawn(fun() ->
                        process_flag(priority, low),
                        erlang:monitor_node(Agent, true),
                        Tab = ets:new(numbat_top, [set, protected, {read_concurrency, true}]),
                        Self ! {self(), Tab},
                        loop(Agent, Tab, #{prev => none, at => 0, ended => none, took => 0})
                    end),
    receive {Sampler, Tab} -> {ok, Sampler, Tab}
    after 5000 -> exit(Sampler, kill), {error, no_sampler}
    end.

%% The top N of each measure: {fresh, Result} when a scan ended within Wait ms, else {stale, AgeMs,
%% Result} with the last completed scan, or none before the first one completes.
%% Result = {WindowMs, ScanUs, ScanReductions, Processes, MemoryReads, ByReductions, ByMemory, ByQueue}.
top(Sampler, Tab, N, Wait) ->
    Ref = erlang:monitor(process, Sampler),
    Sampler ! {top, self(), Ref, N},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, process, _, Reason} ->
            {error, Reason}
    after Wait ->
        erlang:demonitor(Ref, [flush]),
        last(Tab)
    end.

last(Tab) ->
    case ets:lookup(Tab, last) of
        [{last, At, Result}] -> {stale, erlang:monotonic_time(millisecond) - At, Result};
        [] -> none
    end.

loop(Agent, Tab, State) ->
    receive
        {nodedown, Agent} ->
            ok;
        {top, From, Ref, N} ->
            Waiting = drain([{From, Ref}]),
            Now = erlang:monotonic_time(millisecond),
            #{ended := Ended, took := Took} = State,
            case Ended =/= none andalso Now - Ended < Took of
                true ->
                    %% asked again sooner than the last scan took: the last result will do
                    Last = last(Tab),
                    [To ! {R, Last} || {To, R} <- Waiting],
                    loop(Agent, Tab, State);
                false ->
                    {Result, Next} = scan(N, State, Now),
                    Ended2 = erlang:monotonic_time(millisecond),
                    ets:insert(Tab, {last, Ended2, Result}),
                    [To ! {R, {fresh, Result}} || {To, R} <- Waiting],
                    loop(Agent, Tab, Next#{ended => Ended2, took => Ended2 - Now})
            end;
        _ ->
            loop(Agent, Tab, State)
    end.

drain(Waiting) ->
    receive {top, From, Ref, _} -> drain([{From, Ref} | Waiting])
    after 0 -> Waiting
    end.

scan(N, #{prev := Prev, at := At} = State, Now) ->
    {reductions, R0} = process_info(self(), reductions),
    T0 = erlang:monotonic_time(microsecond),
    {Next, Tops, Reads} = step(erlang:processes() -- [self()], Prev, N, fun read_memory/1, fun readings/1),
    {ByReductions, ByMemory, ByQueue} = Tops,
    Window = case Prev of none -> 0; _ -> Now - At end,
    Described = [entries(T) || T <- [ByReductions, ByMemory, ByQueue]],
    T1 = erlang:monotonic_time(microsecond),
    {reductions, R1} = process_info(self(), reductions),
    [DR, DM, DQ] = Described,
    Result = {Window, T1 - T0, R1 - R0, maps:size(Next), Reads, DR, DM, DQ},
    {Result, State#{prev => Next, at => Now}}.

readings(P) ->
    case erlang:process_info(P, [reductions, message_queue_len]) of
        [{reductions, R}, {message_queue_len, Q}] -> {R, Q};
        undefined -> undefined
    end.

read_memory(P) ->
    case erlang:process_info(P, memory) of
        {memory, M} -> M;
        undefined -> undefined
    end.

%% One scan as a pure step (the readers are passed in, so it can be tried on made-up processes):
%% Pids, the previous scan's #{Pid => {Reductions, Queue, Memory}} (or none) and N give
%% {Next, {ByReductions, ByMemory, ByQueue}, MemoryReads}. Each top list is [{Value, Pid, {Delta,
%% Memory, Queue}}], largest first, at most N long; a process that did nothing in the window but answer
%% our reads (a delta of at most own_read()) is not in ByReductions and an empty mailbox is not in ByQueue. Without a previous scan there is
%% no delta and ByReductions is empty. Processes that exited are dropped from Next.
step(Pids, Prev, N, ReadMemory, Read) ->
    Empty = {0, []},
    step(Pids, Prev, N, ReadMemory, Read, [], {Empty, Empty, Empty}, 0).

step([P | Ps], Prev, N, ReadMemory, Read, Next, Tops, Reads) ->
    case Read(P) of
        undefined ->
            step(Ps, Prev, N, ReadMemory, Read, Next, Tops, Reads);
        {R, Q} ->
            Known = case Prev of none -> none; _ -> maps:get(P, Prev, new) end,
            {Delta, Cached} = case Known of
                                  none -> {none, none};
                                  new -> {R, none};
                                  {R0, Q0, M0} -> idle_or_not(R - R0, Q =:= Q0, M0)
                              end,
            case Cached of
                none ->
                    case ReadMemory(P) of
                        undefined ->
                            step(Ps, Prev, N, ReadMemory, Read, Next, Tops, Reads);
                        M ->
                            %% the read itself cost the process a reduction: count it as seen
                            add(P, R + 1, Q, M, Delta, Ps, Prev, N, ReadMemory, Read, Next, Tops, Reads + 1)
                    end;
                M ->
                    add(P, R, Q, M, Delta, Ps, Prev, N, ReadMemory, Read, Next, Tops, Reads)
            end
    end;
step([], _Prev, _N, _ReadMemory, _Read, Next, {TR, TM, TQ}, Reads) ->
    {maps:from_list(Next), {largest(TR), largest(TM), largest(TQ)}, Reads}.

idle_or_not(Delta, SameQueue, Memory) ->
    case Delta =< own_read() andalso SameQueue of
        true -> {Delta, Memory};
        false -> {Delta, none}
    end.

add(P, R, Q, M, Delta, Ps, Prev, N, ReadMemory, Read, Next, {TR, TM, TQ}, Reads) ->
    D = case Delta of none -> 0; _ -> Delta end,
    Entry = {D, M, Q},
    TR2 = case Delta =/= none andalso D > own_read() of
              true -> keep({D, P, Entry}, TR, N);
              false -> TR % idle, or only answered our reads
          end,
    TQ2 = case Q of 0 -> TQ; _ -> keep({Q, P, Entry}, TQ, N) end,
    step(Ps, Prev, N, ReadMemory, Read, [{P, {R, Q, M}} | Next], {TR2, keep({M, P, Entry}, TM, N), TQ2}, Reads).

%% Keeps the N largest of what it is given: {Count, Ascending}, where the head is the smallest kept.
keep(_E, Top, 0) ->
    Top;
keep(E, {Count, Kept}, N) when Count < N ->
    {Count + 1, lists:merge([E], Kept)};
keep(E, {Count, [Smallest | Rest]}, _N) when E > Smallest ->
    {Count, lists:merge([E], Rest)};
keep(_E, Top, _N) ->
    Top.

largest({_, Kept}) -> lists:reverse(Kept).

%% [{PidText, Name, CurrentFunction, Delta, Memory, Queue}] for a top list; a process that exited
%% since the scan keeps its values and is named exited.
entries(Top) ->
    [entry(P, Entry) || {_, P, Entry} <- Top].

entry(P, {D, M, Q}) ->
    {Name, Current} = describe(P),
    {list_to_binary(pid_to_list(P)), Name, Current, D, M, Q}.

describe(P) when is_pid(P) ->
    case erlang:process_info(P, [registered_name, initial_call, current_function]) of
        undefined ->
            {<<"exited">>, <<>>};
        Info ->
            {name(P, Info), mfa(proplists:get_value(current_function, Info))}
    end;
describe(_) ->
    {<<"exited">>, <<>>}.

name(P, Info) ->
    case proplists:get_value(registered_name, Info) of
        Name when is_atom(Name), Name =/= [] -> atom_to_binary(Name, utf8);
        _ ->
            case proplists:get_value(initial_call, Info) of
                {proc_lib, init_p, 5} = Call -> mfa(proc_lib_call(P, Call));
                Call -> mfa(Call)
            end
    end.

%% proc_lib processes (gen_server, supervisor...) keep their real initial call in the dictionary;
%% it is read only for them.
proc_lib_call(P, Default) ->
    case erlang:process_info(P, dictionary) of
        {dictionary, Dict} ->
            case lists:keyfind('$initial_call', 1, Dict) of
                {'$initial_call', Call} -> Call;
                false -> Default
            end;
        undefined -> Default
    end.

mfa({M, F, A}) when is_atom(M), is_atom(F), is_integer(A) ->
    iolist_to_binary([atom_to_binary(M, utf8), $:, atom_to_binary(F, utf8), $/, integer_to_binary(A)]);
mfa(undefined) ->
    <<>>;
mfa(Other) ->
    iolist_to_binary(io_lib:format("~p", [Other])).
