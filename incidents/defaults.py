"""The playbook's escalation matrix and roles, as shipped. Loaded by `load_defaults`."""

from decimal import Decimal

SEVERITY_POLICIES = [
    {
        "severity": "P0",
        "meaning_pt_br": "Sistema completamente fora do ar",
        "meaning_en": "Whole system down",
        "acknowledge_minutes": 15,
        "engineer_multiplier": Decimal(2),
        "commander_multiplier": Decimal(4),
        "backlog_instead_of_engineer": False,
        "commander_at_open": True,
    },
    {
        "severity": "P1",
        "meaning_pt_br": "Funcionalidade crítica degradada",
        "meaning_en": "Critical feature degraded",
        "acknowledge_minutes": 60,
        "engineer_multiplier": Decimal(2),
        "commander_multiplier": Decimal(4),
        "backlog_instead_of_engineer": False,
        "commander_at_open": False,
    },
    {
        "severity": "P2",
        "meaning_pt_br": "Funcionalidade não crítica afetada",
        "meaning_en": "Non-critical feature affected",
        "acknowledge_minutes": 240,
        "engineer_multiplier": Decimal(2),
        "commander_multiplier": Decimal(4),
        "backlog_instead_of_engineer": False,
        "commander_at_open": False,
    },
    {
        "severity": "P3",
        "meaning_pt_br": "Problema cosmético ou bug menor",
        "meaning_en": "Cosmetic issue or minor bug",
        "acknowledge_minutes": 1440,
        "engineer_multiplier": Decimal(2),
        "commander_multiplier": None,
        "backlog_instead_of_engineer": True,
        "commander_at_open": False,
    },
]

ROLES = [
    {
        "key": "first_responder",
        "order": 1,
        "name_pt_br": "Primeiro Respondedor",
        "name_en": "First Responder",
        "responsibility_pt_br": (
            "Reconhece o alerta, faz a triagem e a mitigação imediata. Plantão 24/7."
        ),
        "responsibility_en": "Acknowledges the alert, triages and mitigates at once. On call 24/7.",
    },
    {
        "key": "escalation_engineer",
        "order": 2,
        "name_pt_br": "Engenheiro de Escalonamento",
        "name_en": "Escalation Engineer",
        "responsibility_pt_br": (
            "Diagnóstico complexo, decisões de arquitetura e hotfix. Entra em 2x o SLA."
        ),
        "responsibility_en": (
            "Deep diagnosis, architectural calls and hotfixes. Joins at 2x the SLA."
        ),
    },
    {
        "key": "incident_commander",
        "order": 3,
        "name_pt_br": "Comandante do Incidente",
        "name_en": "Incident Commander",
        "responsibility_pt_br": (
            "Coordena a resposta, a comunicação externa e decide rollbacks. Entra em todo P0 "
            "e em 4x o SLA."
        ),
        "responsibility_en": (
            "Coordinates the response, external communication and rollback calls. Joins every "
            "P0 and at 4x the SLA."
        ),
    },
    {
        "key": "product_owner",
        "order": 4,
        "name_pt_br": "Product Owner",
        "name_en": "Product Owner",
        "responsibility_pt_br": "Decide prioridades de produto e fala com os clientes.",
        "responsibility_en": "Owns product priorities and speaks to customers.",
    },
    {
        "key": "security_specialist",
        "order": 5,
        "name_pt_br": "Especialista em Segurança",
        "name_en": "Security specialist",
        "responsibility_pt_br": (
            "Investiga suspeitas de invasão e preserva as evidências. Entra de imediato em "
            "incidentes de segurança."
        ),
        "responsibility_en": (
            "Investigates suspected breaches and preserves the evidence. Joins security "
            "incidents at once."
        ),
    },
    {
        "key": "legal",
        "order": 6,
        "name_pt_br": "Jurídico",
        "name_en": "Legal",
        "responsibility_pt_br": (
            "Avalia a violação confirmada e a comunicação à ANPD e aos titulares (LGPD)."
        ),
        "responsibility_en": (
            "Assesses a confirmed breach and the notice to the ANPD and the people affected (LGPD)."
        ),
    },
]

DEMO_PEOPLE = [
    {
        "username": "ana",
        "first_name": "Ana",
        "last_name": "Souza",
        "email": "ana.souza@example.com",
        "phone": "+55 11 91234-0001",
        "slack_handle": "@ana",
        "timezone": "America/Sao_Paulo",
        "group": "Responder",
        "role": "first_responder",
    },
    {
        "username": "bruno",
        "first_name": "Bruno",
        "last_name": "Lima",
        "email": "bruno.lima@example.com",
        "phone": "+55 21 91234-0002",
        "slack_handle": "@bruno",
        "timezone": "America/Sao_Paulo",
        "group": "Responder",
        "role": "escalation_engineer",
    },
    {
        "username": "carla",
        "first_name": "Carla",
        "last_name": "Mendes",
        "email": "carla.mendes@example.com",
        "phone": "+55 11 91234-0003",
        "slack_handle": "@carla",
        "timezone": "America/Sao_Paulo",
        "group": "Commander",
        "role": "incident_commander",
    },
    {
        "username": "diego",
        "first_name": "Diego",
        "last_name": "Rocha",
        "email": "diego.rocha@example.com",
        "phone": "+351 91 234 0004",
        "slack_handle": "@diego",
        "timezone": "Europe/Lisbon",
        "group": "Manager",
        "role": "product_owner",
    },
    {
        "username": "sofia",
        "first_name": "Sofia",
        "last_name": "Alves",
        "email": "sofia.alves@example.com",
        "phone": "+55 11 91234-0005",
        "slack_handle": "@sofia",
        "timezone": "America/Sao_Paulo",
        "group": "Responder",
        "role": "security_specialist",
    },
    {
        "username": "lucas",
        "first_name": "Lucas",
        "last_name": "Prado",
        "email": "lucas.prado@example.com",
        "phone": "+55 11 91234-0006",
        "slack_handle": "@lucas",
        "timezone": "America/Sao_Paulo",
        "group": "Manager",
        "role": "legal",
    },
]
