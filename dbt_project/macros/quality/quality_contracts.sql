{#- The row rules of ../shared/spec/sources.md, per extract, as data for the rule-check models
    (models/quality/int_<extract>_rule_checks) and dq_reconciliation.

    columns     every contract column, in contract order (orchestration/lib/contract.py)
    types       non-text columns: integer, decimal, boolean, date, month, timestamp; 'code' marks
                text that staging trims and lower-cases (enumerations, some keys)
    pii         columns never read by a rule: their values must not reach a quarantine reason
    key         the extract key (the key staging deduplicates on)
    version     the column deciding between deliveries of a key (none: the later file wins)
    value_sets  allowed values of an enumeration (compared trimmed and lower case)
    ranges      inclusive bounds of a number, with the rule name and the rule in words
    orders      timestamp chains that must not decrease where present
    no_overlap  intervals of one entity that must not overlap (agent states); `affected` names
                the model of the intervals whose verdict a new file can change
    staging_model
                the staging model built from the accepted rows

    tests/unit/test_bad_rows.py checks columns, types, key and version against contract.py and
    the value sets against expectations/contract_values.py. -#}

{% macro quality_contracts() -%}
    {%- set day = 86399 -%}
    {%- set durations = 'durations >= 0 and below 24 h' -%}
    {%- set channels = ['voice', 'chat', 'email', 'callback', 'social'] -%}
    {%- set emotions = ['positive', 'neutral', 'negative'] -%}
    {{ return({
        'acd_contacts': {
            'staging_model': 'stg_acd__contact_segments',
            'columns': ['contact_id', 'initial_contact_id', 'previous_contact_id', 'channel', 'direction',
                        'queue_id', 'customer_id', 'ani', 'arrived_at', 'queued_at', 'answered_at', 'ended_at',
                        'agent_id', 'talk_seconds', 'hold_seconds', 'acw_seconds', 'end_reason',
                        'transfer_to_queue_id', 'wrap_code', 'case_id', 'updated_at'],
            'types': {'channel': 'code', 'direction': 'code', 'arrived_at': 'timestamp', 'queued_at': 'timestamp',
                      'answered_at': 'timestamp', 'ended_at': 'timestamp', 'talk_seconds': 'integer',
                      'hold_seconds': 'integer', 'acw_seconds': 'integer', 'end_reason': 'code',
                      'wrap_code': 'code', 'updated_at': 'timestamp'},
            'pii': ['ani'],
            'key': ['contact_id'],
            'version': 'updated_at',
            'value_sets': {
                'channel': channels,
                'direction': ['inbound', 'outbound'],
                'end_reason': ['completed', 'abandoned', 'transferred', 'timeout', 'callback_requested', 'error'],
            },
            'ranges': {
                'talk_seconds': {'min': 0, 'max': day, 'rule': 'duration_out_of_range', 'says': durations},
                'hold_seconds': {'min': 0, 'max': day, 'rule': 'duration_out_of_range', 'says': durations},
                'acw_seconds': {'min': 0, 'max': day, 'rule': 'duration_out_of_range', 'says': durations},
            },
            'orders': [['arrived_at', 'queued_at', 'answered_at', 'ended_at']],
        },
        'acd_agent_states': {
            'staging_model': 'stg_acd__agent_states',
            'columns': ['agent_id', 'state', 'reason_code', 'started_at', 'ended_at', 'updated_at'],
            'types': {'state': 'code', 'reason_code': 'code', 'started_at': 'timestamp',
                      'ended_at': 'timestamp', 'updated_at': 'timestamp'},
            'pii': [],
            'key': ['agent_id', 'started_at'],
            'version': 'updated_at',
            'value_sets': {'state': ['available', 'on_contact', 'acw', 'aux', 'offline']},
            'ranges': {},
            'orders': [['started_at', 'ended_at']],
            'no_overlap': {'entity': 'agent_id', 'start': 'started_at', 'end': 'ended_at', 'label': 'state',
                           'affected': 'int_acd_agent_states_affected'},
        },
        'acd_queues': {
            'staging_model': 'stg_acd__queues',
            'columns': ['queue_id', 'queue_name', 'channel', 'purpose', 'timezone', 'sl_threshold_seconds',
                        'sl_target_pct', 'short_abandon_seconds', 'updated_at'],
            'types': {'channel': 'code', 'purpose': 'code', 'sl_threshold_seconds': 'integer',
                      'sl_target_pct': 'decimal', 'short_abandon_seconds': 'integer', 'updated_at': 'timestamp'},
            'pii': [],
            'key': ['queue_id', 'updated_at'],
            'version': 'updated_at',
            'value_sets': {
                'channel': channels,
                'purpose': ['service', 'sales', 'retention', 'technical'],
            },
            'ranges': {
                'sl_threshold_seconds': {'min': 0, 'max': day, 'rule': 'setting_out_of_range', 'says': 'thresholds >= 0 and below 24 h'},
                'short_abandon_seconds': {'min': 0, 'max': day, 'rule': 'setting_out_of_range', 'says': 'thresholds >= 0 and below 24 h'},
                'sl_target_pct': {'min': 0, 'max': 100, 'rule': 'setting_out_of_range', 'says': 'sl_target_pct is a percentage'},
            },
            'orders': [],
        },
        'crm_customers': {
            'staging_model': 'stg_crm__customers',
            'columns': ['customer_id', 'segment', 'region', 'created_at', 'churned_at', 'email', 'phone', 'updated_at'],
            'types': {'segment': 'code', 'created_at': 'timestamp', 'churned_at': 'timestamp', 'updated_at': 'timestamp'},
            'pii': ['email', 'phone'],
            'key': ['customer_id'],
            'version': 'updated_at',
            'value_sets': {},
            'ranges': {},
            'orders': [['created_at', 'churned_at']],
        },
        'crm_cases': {
            'staging_model': 'stg_crm__cases',
            'columns': ['case_id', 'customer_id', 'channel', 'category', 'priority', 'status', 'opened_at',
                        'first_response_at', 'resolved_at', 'closed_at', 'reopened_count', 'updated_at'],
            'types': {'channel': 'code', 'category': 'code', 'priority': 'code', 'status': 'code',
                      'opened_at': 'timestamp', 'first_response_at': 'timestamp', 'resolved_at': 'timestamp',
                      'closed_at': 'timestamp', 'reopened_count': 'integer', 'updated_at': 'timestamp'},
            'pii': [],
            'key': ['case_id'],
            'version': 'updated_at',
            'value_sets': {'channel': channels, 'priority': ['low', 'normal', 'high', 'urgent']},
            'ranges': {'reopened_count': {'min': 0, 'max': none, 'rule': 'count_out_of_range', 'says': 'counts >= 0'}},
            'orders': [['opened_at', 'first_response_at'], ['opened_at', 'resolved_at'], ['opened_at', 'closed_at']],
        },
        'crm_orders': {
            'staging_model': 'stg_crm__orders',
            'columns': ['order_id', 'customer_id', 'contact_id', 'ordered_at', 'order_type', 'amount', 'currency', 'updated_at'],
            'types': {'ordered_at': 'timestamp', 'order_type': 'code', 'amount': 'decimal', 'updated_at': 'timestamp'},
            'pii': [],
            'key': ['order_id'],
            'version': 'updated_at',
            'value_sets': {'order_type': ['new_sale', 'upsell', 'retention_offer', 'cancellation']},
            'ranges': {},
            'orders': [],
        },
        'survey_responses': {
            'staging_model': 'stg_feedback__survey_responses',
            'columns': ['response_id', 'contact_id', 'customer_id', 'survey_type', 'responded_at', 'csat', 'nps',
                        'ces', 'resolved', 'emotion', 'comment', 'updated_at'],
            'types': {'survey_type': 'code', 'responded_at': 'timestamp', 'csat': 'integer', 'nps': 'integer',
                      'ces': 'integer', 'resolved': 'boolean', 'emotion': 'code', 'updated_at': 'timestamp'},
            'pii': ['comment'],
            'key': ['response_id'],
            'version': 'updated_at',
            'value_sets': {'survey_type': ['post_contact', 'relationship'], 'emotion': emotions},
            'ranges': {
                'csat': {'min': 1, 'max': 5, 'rule': 'score_out_of_range', 'says': 'csat between 1 and 5'},
                'nps': {'min': 0, 'max': 10, 'rule': 'score_out_of_range', 'says': 'nps between 0 and 10'},
                'ces': {'min': 1, 'max': 7, 'rule': 'score_out_of_range', 'says': 'ces between 1 and 7'},
            },
            'orders': [],
        },
        'interaction_analytics': {
            'staging_model': 'stg_feedback__interaction_analytics',
            'columns': ['contact_id', 'topic', 'sentiment_score', 'emotion', 'silence_seconds', 'analyzed_at', 'model_version'],
            'types': {'sentiment_score': 'decimal', 'emotion': 'code', 'silence_seconds': 'integer', 'analyzed_at': 'timestamp'},
            'pii': [],
            'key': ['contact_id'],
            'version': 'analyzed_at',
            'value_sets': {'emotion': emotions},
            'ranges': {
                'sentiment_score': {'min': -1, 'max': 1, 'rule': 'score_out_of_range', 'says': 'sentiment_score between -1 and 1'},
                'silence_seconds': {'min': 0, 'max': day, 'rule': 'duration_out_of_range', 'says': durations},
            },
            'orders': [],
        },
        'qa_evaluations': {
            'staging_model': 'stg_feedback__qa_evaluations',
            'columns': ['evaluation_id', 'contact_id', 'agent_id', 'evaluator_id', 'evaluated_at', 'score',
                        'max_score', 'has_fatal_error'],
            'types': {'evaluated_at': 'timestamp', 'score': 'decimal', 'max_score': 'decimal', 'has_fatal_error': 'boolean'},
            'pii': [],
            'key': ['evaluation_id'],
            'version': 'evaluated_at',
            'value_sets': {},
            'ranges': {
                'score': {'min': 0, 'max': none, 'rule': 'score_out_of_range', 'says': 'score >= 0'},
            },
            'orders': [],
        },
        'hr_agents': {
            'staging_model': 'stg_hr__agents',
            'columns': ['agent_id', 'full_name', 'team_id', 'site', 'primary_queue_id', 'hired_at', 'terminated_at',
                        'termination_type', 'hourly_cost', 'updated_at'],
            'types': {'hired_at': 'date', 'terminated_at': 'date', 'termination_type': 'code',
                      'hourly_cost': 'decimal', 'updated_at': 'timestamp'},
            'pii': ['full_name'],
            'key': ['agent_id'],
            'version': 'updated_at',
            'value_sets': {'termination_type': ['voluntary', 'involuntary']},
            'ranges': {'hourly_cost': {'min': 0, 'max': none, 'rule': 'amount_out_of_range', 'says': 'hourly_cost >= 0'}},
            'orders': [['hired_at', 'terminated_at']],
        },
        'wfm_schedules': {
            'staging_model': 'stg_wfm__schedules',
            'columns': ['agent_id', 'activity', 'starts_at', 'ends_at', 'updated_at'],
            'types': {'activity': 'code', 'starts_at': 'timestamp', 'ends_at': 'timestamp', 'updated_at': 'timestamp'},
            'pii': [],
            'key': ['agent_id', 'starts_at'],
            'version': 'updated_at',
            'value_sets': {'activity': ['work', 'break', 'lunch', 'training', 'meeting']},
            'ranges': {},
            'orders': [['starts_at', 'ends_at']],
        },
        'hr_absences': {
            'staging_model': 'stg_hr__absences',
            'columns': ['agent_id', 'absence_date', 'absence_type', 'hours', 'is_approved', 'updated_at'],
            'types': {'absence_date': 'date', 'absence_type': 'code', 'hours': 'decimal', 'is_approved': 'boolean',
                      'updated_at': 'timestamp'},
            'pii': [],
            'key': ['agent_id', 'absence_date', 'absence_type'],
            'version': 'updated_at',
            'value_sets': {},
            'ranges': {'hours': {'min': 0, 'max': 24, 'rule': 'duration_out_of_range', 'says': 'hours between 0 and 24'}},
            'orders': [],
        },
        'employee_surveys': {
            'staging_model': 'stg_hr__employee_surveys',
            'columns': ['response_id', 'agent_id', 'team_id', 'responded_at', 'esat', 'enps'],
            'types': {'responded_at': 'timestamp', 'esat': 'integer', 'enps': 'integer'},
            'pii': [],
            'key': ['response_id'],
            'version': 'responded_at',
            'value_sets': {},
            'ranges': {
                'esat': {'min': 1, 'max': 5, 'rule': 'score_out_of_range', 'says': 'esat between 1 and 5'},
                'enps': {'min': 0, 'max': 10, 'rule': 'score_out_of_range', 'says': 'enps between 0 and 10'},
            },
            'orders': [],
        },
        'finance_costs': {
            'staging_model': 'stg_finance__costs',
            'columns': ['cost_month', 'site', 'category', 'amount', 'currency'],
            'types': {'cost_month': 'month', 'category': 'code', 'amount': 'decimal'},
            'pii': [],
            'key': ['cost_month', 'site', 'category'],
            'version': none,
            'value_sets': {'category': ['labour', 'telephony', 'facilities', 'technology', 'other']},
            'ranges': {},
            'orders': [],
        },
    }) }}
{%- endmacro %}
