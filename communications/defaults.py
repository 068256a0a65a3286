"""The stakeholder message templates, cadences and audience lists we ship.

Written for this tool in our own words. Loaded by the data migration and by
communications.bootstrap.load_comms_defaults(); never overwrites edits. Emails may
reach people outside the team, so they link to the public status page; the Slack
message goes to the team's channel and links to the incident itself."""

from typing import Any

CADENCES: list[dict[str, Any]] = [
    {"severity": "P0", "update_every_minutes": 30},
    {"severity": "P1", "update_every_minutes": 30},
    {"severity": "P2", "update_every_minutes": None},
    {"severity": "P3", "update_every_minutes": None},
]

AUDIENCES: list[dict[str, Any]] = [
    {
        "name": "#alerts-production",
        "description": "Slack channel of the engineering team",
        "slack_channel": "#alerts-production",
        "order": 1,
    },
    {"name": "Stakeholders", "description": "Leadership, support and sales leads", "order": 2},
    {"name": "Product Owner", "description": "Product owner on the contact list", "order": 3},
    {"name": "Users", "description": "Customers who asked to be told about incidents", "order": 4},
]

_PT_NEXT = "{% if next_update %}Próxima atualização até {{ next_update }}.{% endif %}"
_EN_NEXT = "{% if next_update %}Next update by {{ next_update }}.{% endif %}"

TEMPLATES: list[dict[str, Any]] = [
    {
        "kind": "notification",
        "language": "pt-br",
        "email_subject": "[{{ severity }}] Incidente em andamento: {{ title }}",
        "email_body": (
            "Olá,\n\n"
            "Estamos tratando um incidente que afeta o serviço.\n\n"
            "O que aconteceu: {{ title }}\n"
            "Impacto: {{ impact }}\n"
            "Situação atual: {{ status }}\n"
            "Início: {{ started_at }}\n"
            "Previsão de normalização: {{ forecast }}\n\n"
            "Vamos mandar novidades a cada {{ updates_every }} minutos enquanto durar. "
            + _PT_NEXT
            + "\n\nAcompanhe: {{ status_page }}\n\nEquipe de resposta a incidentes"
        ),
        "slack_text": (
            ":rotating_light: *{{ severity }} · {{ title }}*\n"
            "*Impacto:* {{ impact }}\n*Situação:* {{ status }} · desde {{ started_at }}\n"
            "*Previsão:* {{ forecast }}\n" + _PT_NEXT + "\n{{ link }}"
        ),
        "sms_text": "[{{ severity }}] Incidente: {{ title }} | Impacto: {{ impact }} | "
        "Previsão: {{ forecast }}",
        "public_text": "Identificamos um problema e estamos trabalhando na correção.\n"
        "Impacto: {{ impact }}\nPrevisão: {{ forecast }}\n" + _PT_NEXT,
    },
    {
        "kind": "notification",
        "language": "en",
        "email_subject": "[{{ severity }}] Incident in progress: {{ title }}",
        "email_body": (
            "Hello,\n\n"
            "We are working on an incident that affects the service.\n\n"
            "What happened: {{ title }}\n"
            "Impact: {{ impact }}\n"
            "Current state: {{ status }}\n"
            "Started: {{ started_at }}\n"
            "Expected back to normal: {{ forecast }}\n\n"
            "We will send news every {{ updates_every }} minutes until it is over. "
            + _EN_NEXT
            + "\n\nFollow along: {{ status_page }}\n\nIncident response team"
        ),
        "slack_text": (
            ":rotating_light: *{{ severity }} · {{ title }}*\n"
            "*Impact:* {{ impact }}\n*State:* {{ status }} · since {{ started_at }}\n"
            "*Forecast:* {{ forecast }}\n" + _EN_NEXT + "\n{{ link }}"
        ),
        "sms_text": "[{{ severity }}] Incident: {{ title }} | Impact: {{ impact }} | "
        "Forecast: {{ forecast }}",
        "public_text": "We are investigating a problem and working on a fix.\n"
        "Impact: {{ impact }}\nForecast: {{ forecast }}\n" + _EN_NEXT,
    },
    {
        "kind": "status_update",
        "language": "pt-br",
        "email_subject": "[{{ severity }}] Atualização: {{ title }}",
        "email_body": (
            "Olá,\n\n"
            'Seguimos trabalhando no incidente "{{ title }}".\n\n'
            "Situação agora: {{ status }}\n"
            "Impacto: {{ impact }}\n"
            "Previsão de normalização: {{ forecast }}\n\n"
            + _PT_NEXT
            + "\n\nDetalhes: {{ status_page }}\n\nEquipe de resposta a incidentes"
        ),
        "slack_text": (
            ":hourglass_flowing_sand: *Atualização · {{ title }}* ({{ severity }})\n"
            "*Situação:* {{ status }}\n*Impacto:* {{ impact }}\n*Previsão:* {{ forecast }}\n"
            + _PT_NEXT
        ),
        "sms_text": "[{{ severity }}] Atualização: {{ title }} | {{ status }} | "
        "Previsão: {{ forecast }}",
        "public_text": "Atualização - situação: {{ status }}\nImpacto: {{ impact }}\n"
        "Previsão: {{ forecast }}\n" + _PT_NEXT,
    },
    {
        "kind": "status_update",
        "language": "en",
        "email_subject": "[{{ severity }}] Update: {{ title }}",
        "email_body": (
            "Hello,\n\n"
            'We are still working on the incident "{{ title }}".\n\n'
            "State now: {{ status }}\n"
            "Impact: {{ impact }}\n"
            "Expected back to normal: {{ forecast }}\n\n"
            + _EN_NEXT
            + "\n\nDetails: {{ status_page }}\n\nIncident response team"
        ),
        "slack_text": (
            ":hourglass_flowing_sand: *Update · {{ title }}* ({{ severity }})\n"
            "*State:* {{ status }}\n*Impact:* {{ impact }}\n*Forecast:* {{ forecast }}\n" + _EN_NEXT
        ),
        "sms_text": "[{{ severity }}] Update: {{ title }} | {{ status }} | "
        "Forecast: {{ forecast }}",
        "public_text": "Update - state: {{ status }}\nImpact: {{ impact }}\n"
        "Forecast: {{ forecast }}\n" + _EN_NEXT,
    },
    {
        "kind": "resolved",
        "language": "pt-br",
        "email_subject": "[Resolvido] {{ title }}",
        "email_body": (
            "Olá,\n\n"
            'O incidente "{{ title }}", iniciado em {{ started_at }}, foi resolvido e o '
            "serviço voltou ao normal.\n\n"
            "Impacto enquanto durou: {{ impact }}\n\n"
            "Vamos analisar a causa e compartilhar o que vamos mudar para que não se repita. "
            "Obrigado pela paciência.\n\n{{ status_page }}\n\nEquipe de resposta a incidentes"
        ),
        "slack_text": ":white_check_mark: *Resolvido · {{ title }}* ({{ severity }})\n"
        "Iniciado em {{ started_at }}. Impacto: {{ impact }}\n{{ link }}",
        "sms_text": "Resolvido: {{ title }} | O serviço voltou ao normal.",
        "public_text": "Resolvido. O serviço voltou ao normal. Obrigado pela paciência.",
    },
    {
        "kind": "resolved",
        "language": "en",
        "email_subject": "[Resolved] {{ title }}",
        "email_body": (
            "Hello,\n\n"
            'The incident "{{ title }}", which started {{ started_at }}, is resolved and the '
            "service is back to normal.\n\n"
            "Impact while it lasted: {{ impact }}\n\n"
            "We will look into the cause and share what we change so it does not happen "
            "again. Thank you for your patience.\n\n{{ status_page }}\n\nIncident response team"
        ),
        "slack_text": ":white_check_mark: *Resolved · {{ title }}* ({{ severity }})\n"
        "Started {{ started_at }}. Impact: {{ impact }}\n{{ link }}",
        "sms_text": "Resolved: {{ title }} | The service is back to normal.",
        "public_text": "Resolved. The service is back to normal. Thank you for your patience.",
    },
    # The post-mortem: for the internal team and management, once the review is published.
    {
        "kind": "post_mortem",
        "language": "pt-br",
        "email_subject": "[Post-mortem] {{ reference }} {{ title }}",
        "email_body": (
            "Olá,\n\n"
            'O post-mortem do incidente "{{ title }}" ({{ severity }}, iniciado em '
            "{{ started_at }}) foi publicado.\n\n"
            "Impacto: {{ impact }}\n\n"
            "Ele descreve a linha do tempo, a causa raiz, o que funcionou, o que não funcionou "
            "e os itens de ação com responsáveis e prazos. É uma revisão sem culpados: o foco "
            "está nos processos, nunca nas pessoas.\n\n{{ link }}\n\n"
            "Equipe de resposta a incidentes"
        ),
        "slack_text": ":memo: *Post-mortem publicado · {{ title }}* ({{ severity }})\n{{ link }}",
        "sms_text": "Post-mortem publicado: {{ title }}",
        "public_text": "A análise deste incidente foi concluída.",
    },
    {
        "kind": "post_mortem",
        "language": "en",
        "email_subject": "[Post-mortem] {{ reference }} {{ title }}",
        "email_body": (
            "Hello,\n\n"
            'The post-mortem of the incident "{{ title }}" ({{ severity }}, started '
            "{{ started_at }}) is published.\n\n"
            "Impact: {{ impact }}\n\n"
            "It covers the timeline, the root cause, what went well, what went wrong and the "
            "action items with their owners and due dates. It is blameless: about processes, "
            "never people.\n\n{{ link }}\n\nIncident response team"
        ),
        "slack_text": ":memo: *Post-mortem published · {{ title }}* ({{ severity }})\n{{ link }}",
        "sms_text": "Post-mortem published: {{ title }}",
        "public_text": "The review of this incident is complete.",
    },
]
