%% Numbat's logger handler: compiled and loaded on the watched node by the agent (like numbat_top), and added with
%% logger:add_handler(numbat_log, numbat_log, ...) at level error, so that error, critical, alert and emergency
%% events reach the agent as LOG node events. It runs in the process that logs, so it does little: a rate limit
%% first (at most PerSecond events a second per node; the dropped ones are counted and reported with the next event
%% sent), then the message, report and metadata printed and cut at MaxChars, then one send to the mailbox
%% numbat_log on the agent's JInterface node with noconnect and nosuspend: it never blocks the logging process and
%% never sets up a connection. A handler left behind by an agent that is gone (killed, say) finds the agent not
%% connected at its next event and removes itself; a new agent installs it again (same handler id).
%% (No macros and no records: the agent compiles this module from parsed forms, without the preprocessor.)
-module(numbat_log).
-export([vsn/0, install/3, uninstall/1, installed/0, adding_handler/1, changing_config/3, log/2, admit/3]).

vsn() -> <<"@VSN@">>.

%% Adds the handler for Agent (the agent's node), or points the existing one at it: ok or {error, Why}.
install(Agent, PerSecond, MaxChars) ->
    case logger:get_handler_config(numbat_log) of
        {ok, _} -> logger:remove_handler(numbat_log);
        _ -> ok
    end,
    logger:add_handler(numbat_log, numbat_log,
                       #{level => error, filter_default => log, filters => [],
                         config => #{agent => Agent, per_second => PerSecond, max_chars => MaxChars}}).

%% Removes the handler if it sends to Agent: removed, other_agent (another agent installed it since) or not_installed.
uninstall(Agent) ->
    case logger:get_handler_config(numbat_log) of
        {ok, #{config := #{agent := Agent}}} -> logger:remove_handler(numbat_log), removed;
        {ok, _} -> other_agent;
        _ -> not_installed
    end.

%% The agent the handler sends to, or none.
installed() ->
    case logger:get_handler_config(numbat_log) of
        {ok, #{config := #{agent := Agent}}} -> Agent;
        _ -> none
    end.

%% logger callback: the rate limit's state, shared by every logging process: [window second, sent in it, dropped].
adding_handler(#{config := Config} = HConfig) ->
    {ok, HConfig#{config => Config#{counters => atomics:new(3, [{signed, true}])}}}.

%% logger callback: a new configuration keeps the counters.
changing_config(_SetOrUpdate, #{config := Old}, #{config := New} = HConfig) ->
    {ok, HConfig#{config => maps:merge(New, maps:with([counters], Old))}};
changing_config(_SetOrUpdate, _Old, HConfig) ->
    {ok, HConfig}.

%% logger callback, in the logging process. Never fails (logger would remove a handler that crashes).
log(Event, #{config := #{agent := Agent, counters := C} = Config}) ->
    try
        case admit(C, maps:get(per_second, Config, 10), erlang:monotonic_time(second)) of
            {ok, Dropped} -> send(Agent, Event, Dropped, maps:get(max_chars, Config, 2048), C);
            drop -> ok
        end
    catch
        _:_ -> ok
    end;
log(_Event, _Config) ->
    ok.

%% The rate limit: a one-second window of at most PerSecond events. {ok, Dropped} (the events dropped since the
%% last one admitted, now reported) or drop.
admit(C, PerSecond, Now) ->
    Window = atomics:get(C, 1),
    case Now =:= Window of
        true -> ok;
        false ->
            case atomics:compare_exchange(C, 1, Window, Now) of
                ok -> atomics:put(C, 2, 0);
                _ -> ok % another process opened the window
            end
    end,
    case atomics:add_get(C, 2, 1) =< PerSecond of
        true -> {ok, atomics:exchange(C, 3, 0)};
        false -> atomics:add(C, 3, 1), drop
    end.

send(Agent, #{level := Level, msg := Msg, meta := Meta} = Event, Dropped, Max, C) ->
    Time = case maps:get(time, Meta, undefined) of
               T when is_integer(T) -> T div 1000;
               _ -> erlang:system_time(millisecond)
           end,
    Payload = {numbat_log, node(), atom_to_binary(Level, utf8), Time, message(Event, Max), report(Msg, Max),
               metadata(Meta), Dropped},
    case erlang:send({numbat_log, Agent}, Payload, [noconnect, nosuspend]) of
        noconnect ->
            atomics:add(C, 3, Dropped + 1),
            orphaned(Agent);
        nosuspend ->
            atomics:add(C, 3, Dropped + 1); % the connection is busy: counted, not queued
        _ ->
            ok
    end.

%% The agent's connection is gone: remove the handler unless an agent has installed it again meanwhile.
orphaned(Agent) ->
    spawn(fun() ->
              case installed() of
                  Agent ->
                      case lists:member(Agent, nodes(connected)) of
                          false -> logger:remove_handler(numbat_log);
                          true -> ok
                      end;
                  _ ->
                      ok
              end
          end).

message(Event, Max) ->
    Text = logger_formatter:format(Event, #{template => [msg], single_line => true, chars_limit => Max}),
    cut(unicode:characters_to_binary(Text), Max).

report({report, Report}, Max) ->
    cut(unicode:characters_to_binary(io_lib:format("~tp", [Report], [{chars_limit, Max}])), Max);
report(_Msg, _Max) ->
    undefined.

%% At most 32 entries, values printed and cut at 256 characters; the time is the event's timestamp already.
metadata(Meta) ->
    Entries = [{text(K), cut(text(V), 256)} || {K, V} <- lists:sort(maps:to_list(Meta)), K =/= time, K =/= report_cb],
    lists:sublist(Entries, 32).

text(V) when is_atom(V) -> atom_to_binary(V, utf8);
text(V) when is_integer(V) -> integer_to_binary(V);
text(V) when is_pid(V) -> list_to_binary(pid_to_list(V));
text({M, F, A}) when is_atom(M), is_atom(F), is_integer(A) ->
    iolist_to_binary([atom_to_binary(M, utf8), $:, atom_to_binary(F, utf8), $/, integer_to_binary(A)]);
text(V) ->
    case is_binary(V) orelse io_lib:printable_unicode_list(V) of
        true ->
            case unicode:characters_to_binary(V) of
                B when is_binary(B) -> B;
                _ -> printed(V)
            end;
        false ->
            printed(V)
    end.

printed(V) -> unicode:characters_to_binary(io_lib:format("~0tp", [V], [{chars_limit, 512}])).

cut(B, Max) when is_binary(B) ->
    case string:length(B) > Max of
        true -> unicode:characters_to_binary([string:slice(B, 0, Max), <<"...">>]);
        false -> B
    end;
cut(_, _) ->
    <<"(unprintable)">>.
