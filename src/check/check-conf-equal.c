/* check-conf-equal.c - do two LVS config blocks describe the same thing? */
#define G_LOG_DOMAIN "vigil-check"

#include "check/check-conf-equal.h"
#include "config/model-equal.h"

#include <string.h>


static gboolean
bytes_equal (GBytes *a, GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

static gboolean
status_ranges_equal (GArray *a, GArray *b)
{
  guint la = a != NULL ? a->len : 0, lb = b != NULL ? b->len : 0;

  return la == lb && (la == 0 || memcmp (a->data, b->data, la * sizeof (guint)) == 0);
}

static gboolean
url_equal (gconstpointer pa, gconstpointer pb)
{
  const VigilConfUrl *a = pa, *b = pb;

  return g_strcmp0 (a->path, b->path) == 0
    && g_strcmp0 (a->digest, b->digest) == 0
    && status_ranges_equal (a->status_ranges, b->status_ranges)
    && g_strcmp0 (a->virtualhost, b->virtualhost) == 0
    && g_strcmp0 (a->regex, b->regex) == 0
    && a->regex_no_match == b->regex_no_match
    && g_strcmp0 (a->regex_options, b->regex_options) == 0
    && a->regex_stack_start == b->regex_stack_start
    && a->regex_stack_max == b->regex_stack_max
    && a->regex_min_offset == b->regex_min_offset
    && a->regex_max_offset == b->regex_max_offset;
}

static gboolean
forwarding_equal (const VigilConfForwarding *a, const VigilConfForwarding *b)
{
  return a->method == b->method && a->tun_type == b->tun_type && a->tun_port == b->tun_port
    && a->tun_csum == b->tun_csum;
}

gboolean
vigil_conf_checker_equal (const VigilConfChecker *a, const VigilConfChecker *b)
{
  return a->type == b->type
    && vigil_conf_addr_equal (&a->connect_ip, &b->connect_ip)
    && a->connect_port == b->connect_port
    && vigil_conf_addr_equal (&a->bindto, &b->bindto)
    && a->bind_port == b->bind_port
    && g_strcmp0 (a->bind_if, b->bind_if) == 0
    && a->fwmark == b->fwmark
    && a->connect_timeout == b->connect_timeout
    && a->delay_loop == b->delay_loop
    && a->delay_before_retry == b->delay_before_retry
    && a->warmup == b->warmup
    && a->retry == b->retry
    && a->alpha == b->alpha
    && a->log_all_failures == b->log_all_failures
    && a->http_protocol == b->http_protocol
    && a->fast_recovery == b->fast_recovery
    && a->enable_sni == b->enable_sni
    && vigil_conf_list_equal (a->urls, b->urls, url_equal)
    && g_strcmp0 (a->virtualhost, b->virtualhost) == 0
    && g_strcmp0 (a->helo_name, b->helo_name) == 0
    && g_strcmp0 (a->dns_type, b->dns_type) == 0
    && g_strcmp0 (a->dns_name, b->dns_name) == 0
    && bytes_equal (a->payload, b->payload)
    && a->require_reply == b->require_reply
    && bytes_equal (a->reply_data, b->reply_data)
    && bytes_equal (a->reply_mask, b->reply_mask)
    && a->min_reply_length == b->min_reply_length
    && a->max_reply_length == b->max_reply_length
    && vigil_conf_script_equal (a->misc_path, b->misc_path)
    && a->misc_timeout == b->misc_timeout
    && a->misc_dynamic == b->misc_dynamic
    && g_strcmp0 (a->track_file, b->track_file) == 0
    && g_strcmp0 (a->file_path, b->file_path) == 0
    && a->file_dynamic == b->file_dynamic
    && a->file_weight == b->file_weight
    && a->file_weight_reverse == b->file_weight_reverse
    && a->file_weight_given == b->file_weight_given
    && g_strcmp0 (a->bfd_name, b->bfd_name) == 0;
}

static gboolean
checker_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_checker_equal (a, b);
}

gboolean
vigil_conf_real_server_equal (const VigilConfRealServer *a, const VigilConfRealServer *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return vigil_conf_addr_equal (&a->addr, &b->addr)
    && a->port == b->port
    && a->weight == b->weight
    && forwarding_equal (&a->forwarding, &b->forwarding)
    && vigil_conf_script_equal (a->notify_up, b->notify_up)
    && vigil_conf_script_equal (a->notify_down, b->notify_down)
    && a->uthreshold == b->uthreshold
    && a->lthreshold == b->lthreshold
    && a->smtp_alert == b->smtp_alert
    && g_strcmp0 (a->virtualhost, b->virtualhost) == 0
    && g_strcmp0 (a->snmp_name, b->snmp_name) == 0
    && a->alpha == b->alpha
    && a->inhibit_on_failure == b->inhibit_on_failure
    && a->is_sorry_server == b->is_sorry_server
    && vigil_conf_list_equal (a->checkers, b->checkers, checker_equal);
}

static gboolean
real_server_equal (gconstpointer a, gconstpointer b)
{
  return vigil_conf_real_server_equal (a, b);
}

gboolean
vigil_conf_virtual_server_equal (const VigilConfVirtualServer *a,
                                 const VigilConfVirtualServer *b)
{
  return a->kind == b->kind
    && vigil_conf_addr_equal (&a->addr, &b->addr)
    && a->port == b->port
    && a->fwmark == b->fwmark
    && g_strcmp0 (a->group, b->group) == 0
    && a->family == b->family
    && g_strcmp0 (a->lvs_sched, b->lvs_sched) == 0
    && a->sched_flags == b->sched_flags
    && a->ops == b->ops
    && a->hashed == b->hashed
    && forwarding_equal (&a->forwarding, &b->forwarding)
    && g_strcmp0 (a->persistence_engine, b->persistence_engine) == 0
    && a->persistent == b->persistent
    && a->persistence_timeout == b->persistence_timeout
    && vigil_conf_addr_equal (&a->persistence_granularity, &b->persistence_granularity)
    && a->protocol == b->protocol
    && a->ha_suspend == b->ha_suspend
    && a->smtp_alert == b->smtp_alert
    && g_strcmp0 (a->virtualhost, b->virtualhost) == 0
    && g_strcmp0 (a->snmp_name, b->snmp_name) == 0
    && a->alpha == b->alpha
    && a->omega == b->omega
    && a->quorum == b->quorum
    && a->hysteresis == b->hysteresis
    && vigil_conf_script_equal (a->quorum_up, b->quorum_up)
    && vigil_conf_script_equal (a->quorum_down, b->quorum_down)
    && a->ip_family == b->ip_family
    && vigil_conf_real_server_equal (a->sorry_server, b->sorry_server)
    && a->sorry_server_inhibit == b->sorry_server_inhibit
    && forwarding_equal (&a->sorry_server_forwarding, &b->sorry_server_forwarding)
    && a->inhibit_on_failure == b->inhibit_on_failure
    && a->weight == b->weight
    && vigil_conf_list_equal (a->real_servers, b->real_servers, real_server_equal);
}
