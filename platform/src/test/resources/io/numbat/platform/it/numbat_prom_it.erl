%% A node that reports itself: serves GET /metrics in the Prometheus text format, with prometheus.erl's names
%% (erlang_vm_*), read from erlang:system_info/1, erlang:memory/0 and erlang:statistics/1. Served by OTP's own
%% inets httpd, this module being its callback; on an installation without inets (Debian's erlang-inets), by a
%% gen_tcp loop. No hex packages. Used by ScrapeIT.
-module(numbat_prom_it).
-export([start/0, do/1, page/0]).

%% Starts the server on a free port of 127.0.0.1: {ok, httpd | gen_tcp, Port}.
start() ->
    case code:which(httpd) of
        non_existing -> start_tcp();
        _ -> start_httpd()
    end.

start_httpd() ->
    case inets:start() of
        ok -> ok;
        {error, {already_started, inets}} -> ok
    end,
    Dir = filename:dirname(code:which(?MODULE)),
    {ok, Pid} = inets:start(httpd, [{port, 0}, {server_name, "numbat_prom_it"}, {server_root, Dir},
                                    {document_root, Dir}, {bind_address, {127, 0, 0, 1}}, {modules, [?MODULE]}]),
    [{port, Port}] = httpd:info(Pid, [port]),
    {ok, httpd, Port}.

%% httpd's module callback: #mod.request_uri is element 9 (the record is in inets/include/httpd.hrl).
do(Mod) when element(1, Mod) =:= mod ->
    case element(9, Mod) of
        "/metrics" ++ _ ->
            Body = page(),
            {proceed, [{response, {response, [{code, 200}, {content_type, "text/plain; version=0.0.4"},
                                              {content_length, integer_to_list(iolist_size(Body))}],
                                   Body}}]};
        _ ->
            {proceed, [{response, {404, "not found"}}]}
    end.

start_tcp() ->
    Parent = self(),
    spawn(fun() ->
                  {ok, L} = gen_tcp:listen(0, [binary, {active, false}, {reuseaddr, true}, {ip, {127, 0, 0, 1}}]),
                  {ok, Port} = inet:port(L),
                  Parent ! {numbat_prom_it, Port},
                  accept(L)
          end),
    receive {numbat_prom_it, Port} -> {ok, gen_tcp, Port} after 5000 -> {error, timeout} end.

accept(L) ->
    {ok, S} = gen_tcp:accept(L),
    _ = gen_tcp:recv(S, 0, 5000),
    Body = page(),
    gen_tcp:send(S, ["HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: ",
                     integer_to_list(iolist_size(Body)), "\r\nConnection: close\r\n\r\n", Body]),
    gen_tcp:close(S),
    accept(L).

page() ->
    Mem = erlang:memory(),
    M = fun(K) -> proplists:get_value(K, Mem) end,
    {Reductions, _} = erlang:statistics(reductions),
    {Switches, _} = erlang:statistics(context_switches),
    {Gcs, Words, _} = erlang:statistics(garbage_collection),
    {{input, In}, {output, Out}} = erlang:statistics(io),
    {Wall, _} = erlang:statistics(wall_clock),
    Other = M(system) - M(atom) - M(binary) - M(code) - M(ets),
    Lines = [
        "# HELP erlang_vm_process_count The number of processes currently existing at the local node.\n",
        "# TYPE erlang_vm_process_count gauge\n",
        line("erlang_vm_process_count", erlang:system_info(process_count)),
        line("erlang_vm_process_limit", erlang:system_info(process_limit)),
        line("erlang_vm_port_count", erlang:system_info(port_count)),
        line("erlang_vm_port_limit", erlang:system_info(port_limit)),
        line("erlang_vm_atom_count", erlang:system_info(atom_count)),
        line("erlang_vm_atom_limit", erlang:system_info(atom_limit)),
        line("erlang_vm_ets_limit", erlang:system_info(ets_limit)),
        line("erlang_vm_schedulers", erlang:system_info(schedulers)),
        "# TYPE erlang_vm_memory_bytes_total gauge\n",
        line("erlang_vm_memory_bytes_total{kind=\"system\"}", M(system)),
        line("erlang_vm_memory_bytes_total{kind=\"processes\"}", M(processes)),
        line("erlang_vm_memory_processes_bytes_total{usage=\"used\"}", M(processes_used)),
        line("erlang_vm_memory_processes_bytes_total{usage=\"free\"}", M(processes) - M(processes_used)),
        line("erlang_vm_memory_system_bytes_total{usage=\"atom\"}", M(atom)),
        line("erlang_vm_memory_system_bytes_total{usage=\"binary\"}", M(binary)),
        line("erlang_vm_memory_system_bytes_total{usage=\"code\"}", M(code)),
        line("erlang_vm_memory_system_bytes_total{usage=\"ets\"}", M(ets)),
        line("erlang_vm_memory_system_bytes_total{usage=\"other\"}", Other),
        line("erlang_vm_memory_atom_bytes_total{usage=\"used\"}", M(atom_used)),
        line("erlang_vm_memory_atom_bytes_total{usage=\"free\"}", M(atom) - M(atom_used)),
        line("erlang_vm_memory_ets_tables", length(ets:all())),
        "# TYPE erlang_vm_statistics_reductions_total counter\n",
        line("erlang_vm_statistics_reductions_total", Reductions),
        line("erlang_vm_statistics_run_queues_length_total", erlang:statistics(run_queue)),
        line("erlang_vm_statistics_context_switches", Switches),
        line("erlang_vm_statistics_garbage_collection_number_of_gcs", Gcs),
        line("erlang_vm_statistics_garbage_collection_words_reclaimed", Words),
        line("erlang_vm_statistics_bytes_received_total", In),
        line("erlang_vm_statistics_bytes_output_total", Out),
        line("erlang_vm_statistics_wallclock_time_milliseconds", Wall)
    ],
    iolist_to_binary(Lines).

line(Name, Value) ->
    [Name, " ", integer_to_list(Value), "\n"].
