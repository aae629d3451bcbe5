%% Numbat's probe: compiled and loaded on the watched node by the agent (compile:forms +
%% code:load_binary over RPC). The per-process scan is numbat_top's. Nothing here runs unless the
%% agent calls it.
-module(numbat_probe).
-export([vsn/0, hold_wall_time/1]).

%% The agent compares this with its own copy and reloads the module when they differ.
vsn() -> <<"@VSN@">>.

%% Keeps scheduler_wall_time enabled (the flag is held per process since OTP 22) until the agent's
%% node goes away.
hold_wall_time(Agent) ->
    Pid = spawn(fun() ->
                    erlang:system_flag(scheduler_wall_time, true),
                    erlang:monitor_node(Agent, true),
                    receive {nodedown, Agent} -> ok end
                end),
    {ok, Pid}.
