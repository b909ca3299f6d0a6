"""Writing explicit field values on a model instance, for actions that take keyword arguments instead of a form."""


def affecter(objet, champs):
    """Set ``champs`` ({field name: value}) on ``objet`` the way a ModelForm does (``Field.save_form_data``: a file
    given as None is kept, as False it is cleared). A name that is not a field of the model is an error, not a
    silently ignored attribute. Many-to-many fields are not handled: the action writes its relations itself."""
    meta = objet._meta
    for nom, valeur in champs.items():
        champ = meta.get_field(nom)  # FieldDoesNotExist for a misspelt name
        if champ.many_to_many or not champ.concrete:
            raise ValueError(f"{meta.label}.{nom} n'est pas un champ que l'on affecte : l'action l'écrit elle-même.")
        champ.save_form_data(objet, valeur)
    return objet
