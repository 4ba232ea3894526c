# SPDX-License-Identifier: MIT
"""The "My progress" page: a catalogue of every scenario for the script, and the page's controls.

The catalogue carries what Python decided (each option's points, which choices put a trainee on
the safety review list, how a stepped scenario's scenes link up, each scenario's fingerprint), so
`static/scenario-progress.js` only looks things up and adds them together.
"""

from __future__ import annotations

import html

from .assessment import assessment_model, embed_json
from ..core.bank import Bank
from ..core.grading import MAX_POINTS, points_for
from ..core.model import BranchingScenario, Option, Rating, letter
from ..core.progress import FORMAT
from ..core.model import scenario_version
from .quiz import page_id

__all__ = ["catalogue", "render_progress_page"]


def _choices(options: list[Option], safety_critical: bool, with_next: bool = False) -> dict[str, list]:
    """letter -> [points, review flag(, next)] for each option."""
    return {
        letter(i): [points_for(o.rating), int(safety_critical and o.rating is Rating.HARMFUL)]
        + ([o.next] if with_next else [])
        for i, o in enumerate(options)
    }


def catalogue(bank: Bank, modules: list[tuple[str, str, str]], pass_mark: int, safety_gate: bool = True) -> dict:
    """Everything the progress script needs. `modules` is [(slug, title, url)] in book order.
    The final self-assessment's scenarios are scored through its own model, not the module tally."""
    order = {slug: n for n, (slug, _, _) in enumerate(modules)}
    scenarios = {}
    for sid, s in bank.scenarios.items():
        if s.form:
            continue
        entry = {"module": order.get(bank.module_of[sid], -1), "competency": s.competency,
                 "title": s.title, "version": scenario_version(s)}
        if isinstance(s, BranchingScenario):
            entry["start"] = s.start
            entry["scenes"] = {scene.id: _choices(scene.options, s.safety_critical, True) for scene in s.scenes}
        else:
            entry["choices"] = _choices(s.options, s.safety_critical)
        scenarios[sid] = entry
    return {
        "format": FORMAT, "version": 2, "maxPoints": MAX_POINTS, "passMark": pass_mark,
        "assessment": assessment_model(bank, pass_mark, safety_gate),
        "modules": [{"title": title, "url": url} for _, title, url in modules],
        "competencies": [{"id": c.id, "name": c.name} for c in bank.competencies.values()],
        "scenarios": scenarios,
    }


def render_progress_page(bank: Bank, modules: list[tuple[str, str, str]], pass_mark: int, safety_gate: bool,
                         assessment_url: str) -> str:
    data = embed_json(catalogue(bank, modules, pass_mark, safety_gate))
    return f"""<div class="sq-progress" data-progress>
<script type="application/json" id="{page_id('catalogue')}">{data}</script>
<p class="sq-progress-summary" role="status">Your progress appears here once the page has loaded.</p>
<p class="sq-progress-notice" role="alert"></p>
<h2 id="{page_id('progress-modules')}">By module</h2>
<table class="table sq-progress-table" aria-labelledby="{page_id('progress-modules')}"><thead><tr><th scope="col">Module</th>
<th scope="col">Answered</th><th scope="col">Points</th></tr></thead><tbody class="sq-progress-modules"></tbody></table>
<h2 id="{page_id('progress-skills')}">By skill</h2>
<table class="table sq-progress-table" aria-labelledby="{page_id('progress-skills')}"><thead><tr><th scope="col">Skill</th>
<th scope="col">Answered</th><th scope="col">Points</th></tr></thead><tbody class="sq-progress-skills"></tbody></table>
<h2>Keep or move your progress</h2>
<p>Your answers live in this browser only. To keep a copy, or to carry on on another device, download them
as a file, then open that file on the other device. You can add a name or nickname: it goes into the file and
onto your certificate, and nowhere else.</p>
<p><label for="{page_id('nickname')}">Name or nickname (optional)</label><br>
<input type="text" id="{page_id('nickname')}" maxlength="60" autocomplete="nickname"></p>
<p><button type="button" class="sq-export">Download my progress</button></p>
<p><label for="{page_id('import')}">Open a progress file you downloaded before</label><br>
<input type="file" id="{page_id('import')}" accept=".json,application/json"></p>
<section class="sq-import-preview" aria-labelledby="{page_id('import-heading')}" hidden>
<h3 id="{page_id('import-heading')}" class="sq-import-heading" tabindex="-1">Before you open this file</h3>
<ul class="sq-import-changes"></ul>
<p>Nothing changes until you say yes.</p>
<p><button type="button" class="sq-import-yes">Open the file</button>
<button type="button" class="sq-import-no">Cancel</button></p>
</section>
<h2>Certificate of self-assessment</h2>
<p>When your result on a form of the <a href="{html.escape(assessment_url)}">final self-assessment</a> meets the
pass mark, you can print a certificate that records it. It is not a qualification or an accreditation.</p>
<p class="sq-certificate-status" role="status"></p>
<p><button type="button" class="sq-print-certificate" hidden>Print my certificate</button></p>
<section class="sq-certificate" aria-labelledby="{page_id('certificate-title')}" hidden>
<h3 id="{page_id('certificate-title')}">Certificate of self-assessment</h3>
<p>This records that <strong class="sq-certificate-name">a trainee</strong> completed a self-assessment on
the course <em>Facilitating diabetes peer support groups</em>, and met its pass mark.</p>
<p class="sq-certificate-score"></p>
<p>Skills at or above the pass mark of {pass_mark}% in that form:</p><ul class="sq-certificate-skills"></ul>
<p class="sq-certificate-date"></p>
<p><strong>Self-assessment, not accreditation.</strong> The trainee answered the course's scenarios on their own.
This certificate is not a qualification, and it does not show that anyone has checked their skills.</p>
</section>
</div>"""
