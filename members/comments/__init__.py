"""Members' comments on meetings and official documents, in one place.

- the model and its rules of who sees and who moderates what: members.models.comments
  (`Comment`, `CommentQuerySet.shown_to` and `moderated_in`);
- services (send, edit, withdraw, moderate, all as conditional updates): `services`;
- the forms members and secretaries fill: `forms`; the member-facing doors: `views`;
- what a meeting or document page shows of its comments: `context`, a page context hook;
- the moderation queue, its policy and bulk decisions in the Wagtail admin: `admin`;
- the one comment form partial: cms/templates/components/_comment_form.html.
"""
