%% Numbat's operator commands on one process or the whole node, compiled and loaded on the watched node by
%% the agent on first use (like numbat_top). Every function takes the pid as text (<<"<0.123.0>">>, already
%% checked for syntax by the agent), so a pid the node does not know is an {error, Why}, never a crash; and
%% answers with binaries and integers only, which the agent reads without guessing.
-module(numbat_manage).
-export([vsn/0, info/1, gc/2, gc_node/1, kill/3]).

vsn() -> <<"@VSN@">>.

%% Processes an operator may not kill from Numbat: without them the node (or the agent's access to it) stops.
protected() ->
    [init, erl_prim_loader, application_controller, code_server, kernel_sup, kernel_safe_sup, rex, net_kernel,
     global_name_server, erts_code_purger, logger, user, standard_error].

lookup(Text) ->
    case catch list_to_pid(binary_to_list(Text)) of
        P when is_pid(P) ->
            case node(P) =:= node() andalso is_process_alive(P) of
                true -> {ok, P};
                false -> {error, <<"no such process">>}
            end;
        _ ->
            {error, <<"not a pid">>}
    end.

%% {ok, {Pid, RegisteredName, InitialCall, CurrentFunction, Status, Stacktrace, QueueLength, Memory, HeapSize,
%% TotalHeapSize, Reductions, Links, Monitors, DictionarySize}} or {error, Why}.
info(Text) ->
    case lookup(Text) of
        {ok, P} ->
            Items = [registered_name, initial_call, current_function, status, current_stacktrace,
                     message_queue_len, memory, heap_size, total_heap_size, reductions, links, monitors, dictionary],
            case erlang:process_info(P, Items) of
                undefined ->
                    {error, <<"no such process">>};
                Info ->
                    V = fun(K) -> proplists:get_value(K, Info) end,
                    Dict = V(dictionary),
                    {ok, {Text, registered(V(registered_name)), mfa(initial_call(V(initial_call), Dict)),
                          mfa(V(current_function)), text(V(status)), [frame(F) || F <- V(current_stacktrace)],
                          V(message_queue_len), V(memory), V(heap_size), V(total_heap_size), V(reductions),
                          [text(L) || L <- V(links)], [text(M) || M <- V(monitors)], length(Dict)}}
            end;
        Error ->
            Error
    end.

%% Garbage-collects one process: {done, Name, MemoryBefore, MemoryAfter}, {would, Name, Memory} or {error, Why}.
gc(Text, DryRun) ->
    case lookup(Text) of
        {ok, P} ->
            Name = name(P),
            case {DryRun, memory(P)} of
                {_, undefined} -> {error, <<"no such process">>};
                {true, Before} -> {would, Name, Before};
                {false, Before} ->
                    erlang:garbage_collect(P),
                    {done, Name, Before, case memory(P) of undefined -> 0; After -> After end}
            end;
        Error ->
            Error
    end.

%% Garbage-collects every process, at low priority on a process of its own: {done, Count, Before, After} when it
%% ends within a second, else {started, Count, Before}; {would, Count, Before} for a dry run. Memory is
%% erlang:memory(processes).
gc_node(DryRun) ->
    Pids = erlang:processes(),
    Before = erlang:memory(processes),
    case DryRun of
        true ->
            {would, length(Pids), Before};
        false ->
            Self = self(),
            Ref = make_ref(),
            spawn(fun() ->
                      process_flag(priority, low),
                      [erlang:garbage_collect(P) || P <- Pids],
                      Self ! {Ref, gc_done}
                  end),
            receive
                {Ref, gc_done} -> {done, length(Pids), Before, erlang:memory(processes)}
            after 1000 ->
                {started, length(Pids), Before}
            end
    end.

%% exit(Pid, kill), logged on the node with the operator's reason: {done, Name}, {would, Name, Memory} or
%% {error, Why}. A process the node cannot do without is refused.
kill(Text, Reason, DryRun) ->
    case lookup(Text) of
        {ok, P} ->
            case erlang:process_info(P, registered_name) of
                {registered_name, R} when is_atom(R), R =/= [] ->
                    case lists:member(R, protected()) of
                        true -> {error, <<(atom_to_binary(R, utf8))/binary,
                                          " is a system process (the node or its agent needs it): not killed">>};
                        false -> kill(P, name(P), Reason, DryRun)
                    end;
                _ ->
                    kill(P, name(P), Reason, DryRun)
            end;
        Error ->
            Error
    end.

kill(P, Name, _Reason, true) ->
    {would, Name, case memory(P) of undefined -> 0; M -> M end};
kill(P, Name, Reason, false) ->
    logger:notice("numbat: exit(~w, kill) of ~ts on an operator's request: ~ts", [P, Name, Reason]),
    Ref = erlang:monitor(process, P),
    exit(P, kill),
    receive
        {'DOWN', Ref, process, P, _} -> {done, Name}
    after 1000 ->
        erlang:demonitor(Ref, [flush]),
        {error, <<"exit(Pid, kill) was sent but the process had not ended after 1 s">>}
    end.

memory(P) ->
    case erlang:process_info(P, memory) of
        {memory, M} -> M;
        undefined -> undefined
    end.

%% The registered name, else the initial call (proc_lib's real one), as numbat_top names processes.
name(P) ->
    case erlang:process_info(P, [registered_name, initial_call, dictionary]) of
        undefined -> <<"exited">>;
        Info ->
            case proplists:get_value(registered_name, Info) of
                R when is_atom(R), R =/= [] -> atom_to_binary(R, utf8);
                _ -> mfa(initial_call(proplists:get_value(initial_call, Info), proplists:get_value(dictionary, Info)))
            end
    end.

registered(R) when is_atom(R), R =/= [] -> atom_to_binary(R, utf8);
registered(_) -> none.

initial_call({proc_lib, init_p, 5} = Call, Dict) ->
    case lists:keyfind('$initial_call', 1, Dict) of
        {'$initial_call', Real} -> Real;
        false -> Call
    end;
initial_call(Call, _Dict) ->
    Call.

frame({M, F, A, Location}) when is_atom(M), is_atom(F) ->
    Arity = case is_list(A) of true -> length(A); false -> A end,
    Where = case {proplists:get_value(file, Location), proplists:get_value(line, Location)} of
                {undefined, _} -> <<>>;
                {File, undefined} -> unicode:characters_to_binary([" (", File, ")"]);
                {File, Line} -> unicode:characters_to_binary([" (", File, ":", integer_to_list(Line), ")"])
            end,
    <<(mfa({M, F, Arity}))/binary, Where/binary>>;
frame(Other) ->
    text(Other).

mfa({M, F, A}) when is_atom(M), is_atom(F), is_integer(A) ->
    iolist_to_binary([atom_to_binary(M, utf8), $:, atom_to_binary(F, utf8), $/, integer_to_binary(A)]);
mfa(undefined) ->
    <<>>;
mfa(Other) ->
    text(Other).

text(T) ->
    unicode:characters_to_binary(io_lib:format("~tw", [T])).
