"""The case file as the Dossier tab shows it: the sections of the one presentation, built from the
stored case, its latest stored assessment and the computed timeline."""

from __future__ import annotations

from bibob_desk.presentation.case_file import DOSSIER, CaseFile, sections
from bibob_desk.presentation.values import Section
from bibob_desk.services.risk import RiskService
from bibob_desk.services.workflow import WorkflowService


class CaseFileService:
    def __init__(self, workflow: WorkflowService, risk: RiskService) -> None:
        self._workflow, self._risk = workflow, risk

    def case_file(self, case_id: str) -> CaseFile:
        case, timeline = self._workflow.timeline(case_id)  # as this user may see it (afgeschermd)
        return CaseFile(case, self._risk.latest(case_id), timeline)

    def sections(self, case_id: str, ids: tuple[str, ...] = DOSSIER) -> list[Section]:
        return sections(self.case_file(case_id), ids)
