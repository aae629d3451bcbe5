%% Numbat's probe: compiled and loaded on the watched node by the agent (compile:forms +
%% code:load_binary over RPC) so that the per-process scan runs next to the data instead of
%% one RPC per process. Nothing here runs unless the agent calls it.
-module(numbat_probe).
-export([vsn/0, top_queues/1, hold_wall_time/1]).

%% The agent compares this with its own copy and reloads the module when they differ.
vsn() -> <<"@VSN@">>.

%% The N processes with the longest message queues: {[{Len, PidText, Name}], QueuedCount, Reductions}.
%% One pass over processes() with process_info(P, message_queue_len); only non-empty mailboxes are
%% kept and sorted; Reductions is what the scan cost this process.

top_queues(N) ->
    {reductions, R0} = process_info(self(), reductions),
    Queued = scan(erlang:processes(), []),
    Top = lists:sublist(lists:reverse(lists:sort(Queued)), N),
    Described = [{Len, list_to_binary(pid_to_list(P)), describe(P)} || {Len, P} <- Top],
    {reductions, R1} = process_info(self(), reductions),
    {Described, length(Queued), R1 - R0}.

scan([P | Ps], Acc) ->
    case erlang:process_info(P, message_queue_len) of
        {message_queue_len, 0} -> scan(Ps, Acc);
        {message_queue_len, Len} -> scan(Ps, [{Len, P} | Acc]);
        undefined -> scan(Ps, Acc)
    end;
scan([], Acc) -> Acc.

describe(P) ->
    case erlang:process_info(P, [registered_name, initial_call, dictionary]) of
        undefined -> <<"exited">>;
        Info -> name(Info)
    end.

name(Info) ->
    case lists:keyfind(registered_name, 1, Info) of
        {registered_name, Name} when is_atom(Name) -> atom_to_binary(Name, utf8);
        _ ->
            {dictionary, Dict} = lists:keyfind(dictionary, 1, Info),
            MFA = case lists:keyfind('$initial_call', 1, Dict) of
                      {'$initial_call', Call} -> Call;
                      false -> element(2, lists:keyfind(initial_call, 1, Info))
                  end,
            mfa(MFA)
    end.

mfa({M, F, A}) when is_integer(A) ->
    iolist_to_binary([atom_to_binary(M, utf8), $:, atom_to_binary(F, utf8), $/, integer_to_binary(A)]);
mfa(Other) ->
    iolist_to_binary(io_lib:format("~p", [Other])).

%% Keeps scheduler_wall_time enabled (the flag is held per process since OTP 22) until the agent's
%% node goes away.
hold_wall_time(Agent) ->
    Pid = spawn(fun() ->
                    erlang:system_flag(scheduler_wall_time, true),
                    erlang:monitor_node(Agent, true),
                    receive {nodedown, Agent} -> ok end
                end),
    {ok, Pid}.
